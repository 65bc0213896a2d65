from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .payment_reminder_common import PaymentReminderCommon


@tagged("post_install", "-at_install")
class TestPaymentReminderAccess(PaymentReminderCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.setup_other_company(name="Other Company")["company"]
        cls.other.email = "billing@other.example.com"
        cls.user_a = cls.billing_user("billing-a", cls.company)
        cls.user_b = cls.billing_user("billing-b", cls.other)
        cls.final = cls.env.ref("account_payment_reminder.payment_reminder_level_final")

    def other_company_records(self):
        """What a billing user of the other company has: its screen open, a reminder, a call note, a level."""
        self.invoice(self.customer, 999.0, due_in=-40, company=self.other)
        level_b = self.env["payment.reminder.level"].create(
            {"name": "B only", "company_id": self.other.id, "subject": "B", "mail_intro": "B", "sequence": 1}
        )
        reminders_b = self.env["payment.reminder"].with_user(self.user_b).with_company(self.other)
        result = reminders_b._payment_reminder_send(self.customer, self.other, self.today)[self.customer.id]
        note_b = reminders_b.create({"partner_id": self.customer.id, "note": "Called B", "promised_date": self.days(3)})
        screen_b = self.env["payment.reminder.totals"].with_user(self.user_b).with_company(self.other).action_open()
        screen_b = self.env["payment.reminder.totals"].browse(screen_b["res_id"])
        state_b = self.env["payment.reminder.state"].search(
            [("partner_id", "=", self.customer.id), ("company_id", "=", self.other.id)]
        )
        return {
            "payment.reminder.totals.line": (screen_b.line_ids, {"selected": True}),
            "payment.reminder.totals": (screen_b, {"full_width": True}),
            "payment.reminder": (self.env["payment.reminder"].browse(result["reminder_id"]) | note_b, {"note": "x"}),
            "payment.reminder.level": (level_b, {"name": "Renamed"}),
            "payment.reminder.state": (state_b, {"promised_date": self.days(99)}),
        }

    def test_a_billing_user_of_one_company_neither_sees_nor_changes_the_other_companys_dunning(self):
        records = self.other_company_records()
        for model, (theirs, values) in records.items():
            with self.subTest(model=model):
                self.assertTrue(theirs, "the other company has such records")
                mine = self.env[model].with_user(self.user_a)
                self.assertFalse(mine.search([("id", "in", theirs.ids)]), "not listed")
                self.assertFalse(mine.search_read([("id", "in", theirs.ids)], ["id"]))
                as_a = theirs.with_user(self.user_a)
                for method, args in (("read", [list(values)]), ("write", [values]), ("unlink", [])):
                    with self.assertRaises(AccessError, msg=method):
                        getattr(as_a, method)(*args)
        screen, _values = records["payment.reminder.totals"]
        self.assertEqual(len(screen.line_ids), 1, "the other company's screen keeps its row")
        self.assertFalse(screen.line_ids.selected)

    def test_only_the_sending_writes_a_reminder_users_change_their_call_notes(self):
        self.invoice(self.customer, 100.0, due_in=-40)
        sent = (
            self.env["payment.reminder"]
            .with_user(self.user_a)
            ._payment_reminder_send(self.customer, self.company, self.today)
        )
        manager = self.billing_user("manager-a", self.company)
        manager.groups_id = [Command.link(self.env.ref("account.group_account_manager").id)]
        for user in (self.user_a, manager):
            reminder = self.env["payment.reminder"].with_user(user).browse(sent[self.customer.id]["reminder_id"])
            before = reminder.read(["level_id", "state", "amount_overdue", "body", "error"])
            for values in (
                {"level_id": self.final.id},
                {"state": "failed", "error": "bounced", "amount_overdue": 1.0},
                {"body": "<p>You owe us nothing</p>"},
                {"note": "Rewritten"},
            ):
                with self.subTest(user=user.login, values=values), self.assertRaises(AccessError):
                    reminder.write(values)
            with self.assertRaises(AccessError):
                reminder.unlink()
            self.assertEqual(reminder.read(["level_id", "state", "amount_overdue", "body", "error"]), before)
            state = self.env["payment.reminder.state"].with_user(user).search([("partner_id", "=", self.customer.id)])
            with self.assertRaises(AccessError):
                state.write({"level_id": self.final.id})
            forged = {"partner_id": self.customer.id, "kind": "email", "state": "sent", "level_id": self.final.id}
            with self.assertRaises(AccessError):
                self.env["payment.reminder"].with_user(user).create(forged)
            with self.assertRaises(AccessError):
                self.env["payment.reminder"].with_user(user).with_context(default_state="sent").create(
                    {"partner_id": self.customer.id, "note": "a note that claims to be a sent reminder"}
                )
        self.assertEqual(self.env["payment.reminder"].search_count([("partner_id", "=", self.customer.id)]), 1)

        note = (
            self.env["payment.reminder"]
            .with_user(self.user_a)
            .create({"partner_id": self.customer.id, "note": "Called"})
        )
        self.env.cr.flush()  # created in one request, changed in a later one (as in the web client)
        # (the account tests' environment turns tracking off: on, as in the web client)
        note.with_user(manager).with_context(tracking_disable=False, mail_notrack=False).write(
            {"note": "Called, promised Friday", "promised_date": self.days(4)}
        )
        self.env.flush_all()
        self.env.cr.flush()  # the tracking messages are written before the commit
        change = note.message_ids.filtered("tracking_value_ids")
        self.assertEqual(change.author_id, manager.partner_id, "the chatter says who changed the note")
        self.assertEqual(
            set(change.sudo().tracking_value_ids.field_id.mapped("name")), {"note", "promised_date"}, "and what it was"
        )
        with self.assertRaises(AccessError):
            note.with_user(self.user_a).write({"partner_id": self.env["res.partner"].create({"name": "Other"}).id})

    def test_a_call_note_stays_in_its_company(self):
        both = self.billing_user("billing-both", self.company + self.other)
        note = self.env["payment.reminder"].with_user(both).create({"partner_id": self.customer.id, "note": "Called"})
        in_both = {"allowed_company_ids": (self.company + self.other).ids}
        for who in (note.with_user(both).with_context(**in_both), note.sudo().with_context(**in_both)):
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                who.write({"company_id": self.other.id})
        self.assertEqual(note.company_id, self.company)

    def test_reminders_are_not_sent_as_of_a_future_date(self):
        self.invoice(self.customer, 100.0, due_in=10)
        reminders = self.env["payment.reminder"].with_user(self.user_a)
        with self.assertRaisesRegex(UserError, "is in the future"):
            reminders.send_reminders(self.customer.ids, str(self.days(30)))
        screen = self.env["payment.reminder.totals"].with_user(self.user_a).create({"date": self.days(30)})
        screen.action_refresh()
        self.assertEqual(screen.line_ids.overdue_amount, 100.0, "the totals of a later date can be looked at")
        screen.line_ids.selected = True
        with self.assertRaisesRegex(UserError, "is in the future"):
            screen.action_send()
        self.assertFalse(self.env["payment.reminder"].search([("partner_id", "=", self.customer.id)]))

    def test_totals_as_of_any_date_the_api_accepts(self):
        self.invoice(self.customer, 100.0, due_in=-10)
        reminders = self.env["payment.reminder"].with_user(self.user_a)
        [row] = reminders.get_totals("9999-12-31")
        self.assertEqual((row["overdue_amount"], row["days_over_90"]), (100.0, 100.0))
        self.assertEqual(reminders.get_totals("0001-01-01"), [])
        for not_a_date in ("10000-01-01", "2026-13-01", 20261207):
            with self.assertRaisesRegex(UserError, "is not a date"):
                reminders.get_totals(not_a_date)

    def test_reminder_levels_stay_in_their_company(self):
        levels = self.env["payment.reminder.level"].create(
            [
                {"name": name, "company_id": company.id, "subject": name, "mail_intro": name, "sequence": 1}
                for name, company in (("Only A", self.company), ("Only B", self.other))
            ]
        )
        seen = self.env["payment.reminder.level"].with_user(self.user_a).search([])
        self.assertIn(levels[0], seen)
        self.assertIn(self.final, seen, "shared levels too")
        self.assertNotIn(levels[1], seen)
        with self.assertRaises(AccessError):
            levels[1].with_user(self.user_a).read(["name", "mail_intro"])
        self.invoice(self.customer, 100.0, due_in=-40)
        [row] = self.env["payment.reminder"].with_user(self.user_a).get_totals()
        self.assertEqual(row["next_level_id"], levels[0].id, "the first level of A, not the one of B")
