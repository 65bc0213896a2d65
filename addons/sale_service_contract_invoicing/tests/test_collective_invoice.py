import ast

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import ServiceContractCommon


@tagged("post_install", "-at_install")
class TestCollectiveInvoice(ServiceContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.order = cls._create_contract_order()
        cls.order.action_create_service_invoices()
        cls.invoices = cls.order.invoice_ids.sorted("invoice_date")

    def _merge(self, invoices, user=None):
        wizard_model = self.env["account.move.collective.merge"]
        if user:
            wizard_model = wizard_model.with_user(user)
        wizard = wizard_model.with_context(active_model="account.move", active_ids=invoices.ids).create({})
        action = wizard.action_merge()
        return self.env["account.move"].browse(action["res_id"])

    def _draft_invoice(self, **kwargs):
        return self.init_invoice("out_invoice", amounts=[100.0], **kwargs)

    def test_merge_six_into_three_collective_invoices(self):
        pairs = [self.invoices[index : index + 2] for index in (0, 2, 4)]
        expected_totals = [sum(pair.mapped("amount_total")) for pair in pairs]

        collectives = [self._merge(pair) for pair in pairs]

        for collective, pair, expected_total in zip(collectives, pairs, expected_totals, strict=True):
            self.assertTrue(collective.is_collective)
            self.assertEqual(collective.state, "draft")
            self.assertEqual(collective.partner_id, self.partner_a)
            self.assertEqual(collective.invoice_date, pair[0].invoice_date)
            self.assertEqual(collective.collective_source_ids, pair)
            self.assertEqual(pair.collective_invoice_id, collective)
            self.assertAlmostEqual(collective.amount_total, expected_total)
            lines = collective.invoice_line_ids.sorted("sequence")
            self.assertEqual(lines.mapped("display_type"), ["line_section", "product", "line_section", "product"])
            self.assertEqual(
                lines.filtered(lambda line: line.display_type == "line_section").mapped("name"),
                [source._get_collective_section_name() for source in pair],
            )
            self.assertIn(fields.Date.to_date(pair[0].invoice_date).strftime("%m/%d/%Y"), lines[0].name)
            self.assertIn(self.order.name, lines[0].name)
            self.assertEqual(lines.filtered("product_id").sale_line_ids, self.order.order_line)
        # Nothing is billed twice: the sources are cancelled and the order counts only the collectives.
        self.assertEqual(set(self.invoices.mapped("state")), {"cancel"})
        self.assertEqual(self.order.order_line.qty_invoiced, 6.0)
        self.assertLessEqual(set(collectives), set(self.order.invoice_ids))

    def test_merge_leaves_messages_both_ways(self):
        sources = self.invoices[:2]

        collective = self._merge(sources)

        for source in sources:
            self.assertIn(f'data-oe-id="{collective.id}"', str(source.message_ids[0].body))
        body = str(collective.message_ids[0].body)
        for source in sources:
            self.assertIn(f'data-oe-id="{source.id}"', body)
            # Cancelled drafts have no number: named by customer, date, origin and amount.
            invoice_date = source.invoice_date.strftime("%m/%d/%Y")
            self.assertIn(f"{self.partner_a.name}, {invoice_date}, {self.order.name}, ", body)
        self.assertNotIn("from , ", body)

    def test_merged_invoice_cannot_be_reopened(self):
        sources = self.invoices[:2]
        self._merge(sources)

        with self.assertRaisesRegex(UserError, "merged into a collective invoice") as refusal:
            sources[0].button_draft()
        self.assertEqual(sources[0].state, "cancel")
        self.assertIn(f"{self.partner_a.name}, {sources[0].invoice_date.strftime('%m/%d/%Y')}", str(refusal.exception))
        self.assertFalse(sources[0].show_reset_to_draft_button, "not offered either")

    def test_billing_user_cannot_unlink_a_merged_invoice_to_reopen_it(self):
        biller = new_test_user(self.env, login="unlinking_biller", groups="account.group_account_invoice")
        sources = self.invoices[:2]
        collective = self._merge(sources)

        with self.assertRaisesRegex(AccessError, "Only merging invoices links them"):
            sources[0].with_user(biller).write({"collective_invoice_id": False})
        with self.assertRaisesRegex(AccessError, "Only merging invoices links them"):
            collective.with_user(biller).write({"collective_source_ids": [(3, sources[0].id)]})
        with self.assertRaisesRegex(UserError, "merged into a collective invoice"):
            sources[0].with_user(biller).button_draft()
        self.assertEqual(sources[0].collective_invoice_id, collective)
        self.assertEqual(sources[0].state, "cancel")

    def test_collective_invoice_stays_editable_until_sent(self):
        collective = self._merge(self.invoices[:2])

        with Form(collective) as form:
            with form.invoice_line_ids.edit(1) as line:
                line.name = "Maintenance visit, extended"
                line.price_unit = 150.0
            form.send_date = fields.Date.to_date("2026-03-15")

        self.assertEqual(collective.state, "draft")
        self.assertEqual(collective.send_date, fields.Date.to_date("2026-03-15"))
        self.assertAlmostEqual(collective.amount_untaxed, 250.0)
        self.assertIn("Maintenance visit, extended", collective.invoice_line_ids.mapped("name"))

    def test_refused_merges_change_nothing(self):
        other_currency = self.setup_other_currency("EUR")
        other_journal = self.env["account.journal"].create({"name": "Sales 2", "code": "SAL2", "type": "sale"})
        other_company = self.setup_other_company()["company"]
        with_fiscal_position = self._draft_invoice()
        with_fiscal_position.fiscal_position_id = self.fiscal_pos_a
        cases = {
            "currency": self._draft_invoice(currency=other_currency),
            "journal": self._draft_invoice(journal=other_journal),
            "fiscal position": with_fiscal_position,
            "customer": self._draft_invoice(partner=self.partner_b),
            "company": self._draft_invoice(company=other_company),
            "posted": self._draft_invoice(post=True),
        }
        # The merge is refused before the other company's invoice is touched, yet it must be readable.
        self.env = self.env(context=dict(self.env.context, allowed_company_ids=(self.env.company | other_company).ids))
        for reason, odd_invoice in cases.items():
            with self.subTest(reason=reason):
                invoices = (self._draft_invoice() | odd_invoice).with_env(self.env)
                states = invoices.mapped("state")
                with self.assertRaisesRegex(UserError, reason):
                    self._merge(invoices)
                self.assertEqual(invoices.mapped("state"), states)
                self.assertFalse(invoices.collective_invoice_id)
        with self.assertRaisesRegex(UserError, "at least two"):
            self._merge(self._draft_invoice())
        self.assertFalse(self.env["account.move"].search_count([("is_collective", "=", True)]))

    def test_billing_user_can_merge(self):
        billing_user = new_test_user(self.env, login="collective_biller", groups="account.group_account_invoice")

        collective = self._merge(self.invoices[:2], user=billing_user)

        self.assertTrue(collective.is_collective)
        self.assertEqual(set(self.invoices[:2].mapped("state")), {"cancel"})

    def test_user_without_invoicing_rights_cannot_merge(self):
        salesman = new_test_user(self.env, login="collective_salesman", groups="sales_team.group_sale_salesman")

        with self.assertRaises(AccessError):
            self._merge(self.invoices[:2], user=salesman)
        self.assertEqual(set(self.invoices[:2].mapped("state")), {"draft"})
        self.assertFalse(self.invoices.collective_invoice_id)

    def test_vendor_bills_are_refused(self):
        bills = self.init_invoice("in_invoice", amounts=[10.0]) | self.init_invoice("in_invoice", amounts=[20.0])

        with self.assertRaisesRegex(UserError, "Only customer invoices"):
            self._merge(bills)
        self.assertEqual(set(bills.mapped("state")), {"draft"})

    def test_sale_line_links_and_the_sales_team_survive_in_the_collective(self):
        team = self.env["crm.team"].create({"name": "Service contracts"})
        self.invoices[:2].team_id = team
        collective = self._merge(self.invoices[:2])

        self.assertEqual(collective.team_id, team)
        self.assertIn(collective, self.order.order_line.invoice_lines.move_id)
        self.assertEqual(collective.invoice_line_ids.filtered("product_id").mapped("quantity"), [1.0, 1.0])

    def test_new_from_the_collective_list_is_a_collective_invoice(self):
        action = self.env.ref("account_invoice_collective.action_move_collective_invoice")
        context = ast.literal_eval(action.context)
        with Form(self.env["account.move"].with_context(**context)) as form:
            form.partner_id = self.partner_a
            with form.invoice_line_ids.new() as line:
                line.name = "Maintenance"
                line.price_unit = 100.0
        move = form.record
        self.assertTrue(move.is_collective)
        self.assertIn(move, self.env["account.move"].search(ast.literal_eval(action.domain)))
