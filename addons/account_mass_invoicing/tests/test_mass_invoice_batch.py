from odoo import Command
from odoo.tests import tagged

from .common import MassInvoiceCommon

# Stored fields of a journal item that differ between two invoices by design (identity, audit, number).
LINE_IDENTITY = {"id", "move_id", "move_name", "create_uid", "create_date", "write_uid", "write_date"}
MOVE_FIELDS = [
    "partner_id",
    "commercial_partner_id",
    "fiscal_position_id",
    "invoice_payment_term_id",
    "invoice_date",
    "invoice_date_due",
    "date",
    "currency_id",
    "journal_id",
    "state",
    "checked",
    "payment_state",
    "amount_untaxed",
    "amount_tax",
    "amount_total",
    "amount_residual",
    "amount_untaxed_signed",
    "amount_total_signed",
    "amount_residual_signed",
    "tax_totals",
    "ref",
    "invoice_origin",
    "invoice_user_id",
]


@tagged("post_install", "-at_install")
class TestMassInvoiceBatchCreation(MassInvoiceCommon):
    """The invoices of a run are made in batches (lines of a template invoice reused for the customers
    that share what they depend on, posting untracked): each must be the invoice Odoo makes and posts
    for that customer alone, and its chatter says which run made it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        members = [Command.set(cls.members.ids)]
        # Two customers per kind: the second of each gets the copied lines of the first.
        cls.mapped = Partner.create(
            [{"name": f"Foreign {n}", "email": f"f{n}@example.com", "category_id": members} for n in (1, 2)]
        )
        cls.mapped.property_account_position_id = cls.fiscal_pos_a
        cls.instalments = Partner.create(
            [{"name": f"Instalments {n}", "email": f"i{n}@example.com", "category_id": members} for n in (1, 2)]
        )
        cls.instalments.property_payment_term_id = cls.pay_terms_b
        cls.own_account = Partner.create(
            [{"name": f"Own account {n}", "email": f"o{n}@example.com", "category_id": members} for n in (1, 2)]
        )
        cls.own_account.property_account_receivable_id = cls.copy_account(
            cls.company_data["default_account_receivable"]
        )
        # Without an email address: left a draft at the end of the chain.
        cls.no_email = Partner.create([{"name": f"No email {n}", "category_id": members} for n in (1, 2)])

    def _batch_run(self):
        run = self._run(
            invoice_date="2027-01-15",
            delivery_method_ids=[
                Command.clear(),
                Command.create({"method": "email", "sequence": 1}),
                Command.create({"method": "draft", "sequence": 2}),
            ],
            line_ids=[
                Command.clear(),
                Command.create(
                    {"product_id": self.product_a.id, "quantity": 3, "tax_ids": [Command.set(self.tax_sale_a.ids)]}
                ),
                Command.create(
                    {
                        "name": "Hall rent share",
                        "quantity": 1,
                        "price_unit": 123.45,
                        "tax_ids": [Command.set(self.tax_armageddon.ids)],
                    }
                ),
            ],
        )
        run.action_run()
        self.env["mass.invoice.run"]._mass_invoice_process_batch(batch_size=50)
        return run

    def _line_fields(self):
        Line = self.env["account.move.line"]
        return [name for name, field in Line._fields.items() if field.store and name not in LINE_IDENTITY]

    def _assert_same_invoice(self, move, reference):
        label = move.partner_id.name
        self.assertEqual(move.read(MOVE_FIELDS)[0] | {"id": 0}, reference.read(MOVE_FIELDS)[0] | {"id": 0}, label)

        def customer(invoice):
            return [
                (follower.partner_id, follower.subtype_ids)
                for follower in invoice.message_follower_ids
                if follower.partner_id == invoice.partner_id
            ]

        self.assertEqual(customer(move), customer(reference), f"{label}: the customer follows it as in Odoo")
        fields = self._line_fields()
        lines = move.line_ids.sorted("id").read(fields)
        expected = reference.line_ids.sorted("id").read(fields)
        self.assertEqual(len(lines), len(expected), label)
        for line, expected_line in zip(lines, expected, strict=True):
            for name in fields:
                if name == "name" and reference.state == "posted":
                    # The label of the receivable line is the invoice's own number.
                    own = (expected_line[name] or "").replace(reference.name, move.name) or False
                    self.assertEqual(line[name], own, label)
                    continue
                self.assertEqual(line[name], expected_line[name], f"{label}: {expected_line['display_type']} {name}")

    def test_batch_made_invoices_are_those_odoo_makes_one_by_one(self):
        run = self._batch_run()
        recipients = run.recipient_ids
        self.assertEqual(len(recipients), 4 + 8, "anna, bjorn, carl, the firm and the eight above")
        self.assertEqual(set(recipients.mapped("state")), {"to_deliver", "draft"})
        Move = self.env["account.move"]
        for recipient in recipients:
            move = recipient.move_id
            reference = Move.create(run._mass_invoice_move_values(recipient))
            if move.state == "posted":
                reference.action_post()
            self._assert_same_invoice(move, reference)
        foreign = recipients.filtered(lambda r: r.partner_id in self.mapped).move_id
        self.assertEqual(foreign.invoice_line_ids[0].tax_ids, self.tax_sale_b, "the fiscal position mapped the tax")
        instalments = recipients.filtered(lambda r: r.partner_id in self.instalments).move_id
        self.assertEqual(len(instalments.line_ids.filtered(lambda line: line.display_type == "payment_term")), 4)
        posted = recipients.move_id.filtered(lambda m: m.state == "posted")
        self.assertEqual(len(posted), 10, "all but those without an email address")
        self.assertEqual(len(set(posted.mapped("name"))), len(posted), "each posted invoice has its own number")

    def test_posted_invoices_are_checked_only_where_the_journal_checks_on_posting(self):
        self.company_data["default_journal_sale"].autocheck_on_post = False
        run = self._batch_run()
        posted = run.recipient_ids.move_id.filtered(lambda m: m.state == "posted")
        self.assertEqual(len(posted), 10)
        self.assertEqual(set(posted.mapped("checked")), {False}, "left to be reviewed, as Odoo's posting leaves them")

    def test_each_invoice_says_which_run_made_it(self):
        run = self._batch_run()
        for recipient in run.recipient_ids:
            move = recipient.move_id
            messages = move.message_ids
            self.assertEqual(len(messages), 1, move.partner_id.name)
            self.assertIn(run.name, messages.body)
            self.assertIn(f'data-oe-model="mass.invoice.run" data-oe-id="{run.id}"', messages.body, "a link")
            if move.state == "posted":
                self.assertIn("Created and posted by the mass invoicing run", messages.body)
            else:
                self.assertIn("Created as a draft by the mass invoicing run", messages.body)
            self.assertFalse(messages.tracking_value_ids, "no field-by-field tracking")


@tagged("post_install", "-at_install")
class TestMassInvoiceSecondWorker(MassInvoiceCommon):
    """Odoo runs one scheduled action in one cron thread at a time: a second one, off by default, lets
    a second cron thread share the runs (the recipients are claimed with SKIP LOCKED)."""

    def test_second_scheduled_action_is_woken_once_activated(self):
        first = self.env.ref("account_mass_invoicing.ir_cron_mass_invoice")
        second = self.env.ref("account_mass_invoicing.ir_cron_mass_invoice_second")
        self.assertFalse(second.active, "off by default")
        self.assertEqual(second.code, first.code)
        Trigger = self.env["ir.cron.trigger"]

        def woken():
            return [Trigger.search_count([("cron_id", "=", cron.id)]) for cron in (first, second)]

        before = woken()
        self._run().action_run()
        self.assertEqual(woken(), [before[0] + 1, before[1]], "only the first while the second is off")
        second.active = True
        self._run(name="Membership 2028").action_run()
        self.assertEqual(woken(), [before[0] + 2, before[1] + 1], "both once the second is on")
