from odoo import Command
from odoo.addons.account.tests.common import AccountTestInvoicingHttpCommon
from odoo.tests import tagged

from .common import ServiceContractCommon

GERMAN_MODULES = [
    "base",
    "web",
    "mail",
    "account",
    "sale",
    "account_invoice_auto_send",
    "account_invoice_collective",
    "sale_service_contract_invoicing",
]


@tagged("post_install", "-at_install")
class TestContractScreensInGerman(ServiceContractCommon, AccountTestInvoicingHttpCommon):
    """A German user's service contract order and after-login dialog of collective invoices, in a real browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.env["ir.module.module"]._load_module_terms(GERMAN_MODULES, ["de_DE"], overwrite=True)
        cls.env.user.write({"lang": "de_DE", "tz": "Europe/Berlin"})
        cls.env.user.groups_id |= cls.env.ref("sales_team.group_sale_salesman_all_leads")

    def test_contract_invoices_are_the_primary_button_of_a_contract_order(self):
        order = self._create_contract_order(start="2027-01-01", end="2027-12-31")

        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}",
            "sale_service_contract_invoicing_contract_buttons_de",
            login=self.env.user.login,
        )

        self.assertEqual(len(order.invoice_ids), 6)

    def test_send_date_dialog_names_each_invoice_and_opens_it(self):
        customer = self.env["res.partner"].create({"name": "Tour Kunde"})
        collective = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_user_id": self.env.user.id,
                "is_collective": True,
                "service_period_start": "2027-01-01",
                "service_period_end": "2027-06-30",
                "invoice_line_ids": [Command.create({"name": "Wartung", "price_unit": 1500.0, "tax_ids": []})],
            }
        )

        self.start_tour("/odoo", "sale_service_contract_invoicing_send_date_dialog_de", login=self.env.user.login)

        self.assertEqual(str(collective.send_date), "2030-01-15")
        self.assertEqual(collective.auto_send_state, "scheduled")
