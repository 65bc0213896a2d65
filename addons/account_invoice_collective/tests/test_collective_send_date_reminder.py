from datetime import timedelta

from odoo import Command, fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon, AccountTestInvoicingHttpCommon
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged


class CollectiveReminderCommon:
    @classmethod
    def _create_collective(cls, user=None, **vals):
        moves = cls.env["account.move"]
        if user:
            moves = moves.with_user(user)
        return moves.create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.partner_a.id,
                "invoice_date": fields.Date.today(),
                "is_collective": True,
                "invoice_line_ids": [Command.create({"name": "Maintenance visit", "price_unit": 100.0})],
                **vals,
            }
        )


@tagged("post_install", "-at_install")
class TestCollectiveSendDateReminder(CollectiveReminderCommon, AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.biller = new_test_user(cls.env, login="reminded_biller", groups="account.group_account_invoice")
        cls.colleague = new_test_user(cls.env, login="other_biller", groups="account.group_account_invoice")

    def test_only_the_users_undated_draft_collectives_are_listed(self):
        today = fields.Date.today()
        created_by_user = self._create_collective(user=self.biller)
        assigned_to_user = self._create_collective(invoice_user_id=self.biller.id)
        without_provisional_date = self._create_collective(invoice_user_id=self.biller.id, invoice_date=False)
        # Not to remind: dated, someone else's, posted, provisional date still to come, not collective.
        self._create_collective(user=self.biller, send_date=today + timedelta(days=3))
        # Odoo fills in a missing salesperson on the next flush, as the user who flushes: set it here.
        self._create_collective(user=self.colleague, invoice_user_id=self.colleague.id)
        self._create_collective(invoice_user_id=self.biller.id).action_post()
        self._create_collective(invoice_user_id=self.biller.id, invoice_date=today + timedelta(days=10))
        self._create_collective(user=self.biller, is_collective=False)

        listed = self.env["account.move"].with_user(self.biller)._get_collective_invoices_without_send_date()

        self.assertEqual(set(listed), {created_by_user, assigned_to_user, without_provisional_date})

    def test_dialog_action_lists_them(self):
        collective = self._create_collective(user=self.biller)

        action = self.env["account.move.send.date.reminder"].with_user(self.biller).action_open_for_current_user()

        self.assertEqual(action["target"], "new")
        self.assertEqual(action["context"]["default_move_ids"], collective.ids)
        wizard = (
            self.env["account.move.send.date.reminder"]
            .with_user(self.biller)
            .with_context(**action["context"])
            .create({"move_ids": [Command.update(collective.id, {"send_date": "2030-01-15"})]})
        )
        wizard.action_save()
        self.assertEqual(collective.send_date, fields.Date.to_date("2030-01-15"))

    def test_a_send_date_only_on_customer_invoices_and_credit_notes(self):
        bill = self.init_invoice("in_invoice", products=self.product_a)
        wizard = self.env["account.move.send.date.reminder"].with_user(self.biller).create({})
        with self.assertRaisesRegex(ValidationError, "Only customer invoices and credit notes"):
            wizard.write({"move_ids": [Command.update(bill.id, {"send_date": "2030-01-15"})]})
        with self.assertRaisesRegex(ValidationError, "Only customer invoices and credit notes"):
            bill.send_date = "2030-01-15"
        refund = self.init_invoice("out_refund", products=self.product_a)
        refund.send_date = "2030-01-15"
        self.assertEqual(refund.auto_send_state, "scheduled")

    def test_no_dialog_without_collectives_or_invoicing_rights(self):
        self._create_collective(user=self.biller)
        salesman = new_test_user(self.env, login="reminded_salesman", groups="base.group_user")

        reminder = self.env["account.move.send.date.reminder"]
        self.assertFalse(reminder.with_user(self.colleague).action_open_for_current_user())
        self.assertFalse(reminder.with_user(salesman).action_open_for_current_user())


@tagged("post_install", "-at_install")
class TestCollectiveSendDateReminderTour(CollectiveReminderCommon, AccountTestInvoicingHttpCommon):
    def test_dialog_after_login_sets_the_send_date(self):
        tour_customer = self.env["res.partner"].create({"name": "Tour Customer"})
        collective = self._create_collective(partner_id=tour_customer.id, invoice_user_id=self.env.user.id)

        self.start_tour("/odoo", "account_invoice_collective_collective_send_date_reminder", login=self.env.user.login)

        self.assertEqual(collective.send_date, fields.Date.to_date("2030-01-15"))

    def test_dialog_once_per_session(self):
        self._create_collective(invoice_user_id=self.env.user.id)
        self.authenticate(self.env.user.login, self.env.user.login)

        first = self.make_jsonrpc_request("/account_invoice_collective/send_date_reminder")
        again = self.make_jsonrpc_request("/account_invoice_collective/send_date_reminder")

        self.assertEqual(first["res_model"], "account.move.send.date.reminder")
        self.assertFalse(again, "shown once per session")
        self.authenticate(self.env.user.login, self.env.user.login)  # a new login
        self.assertTrue(self.make_jsonrpc_request("/account_invoice_collective/send_date_reminder"))
