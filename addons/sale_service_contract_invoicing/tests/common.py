"""The test case the service contract tests share: a service product and contract orders."""

from odoo import Command
from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class ServiceContractCommon(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.service = cls._create_product(
            name="Maintenance visit", type="service", invoice_policy="order", lst_price=100.0
        )

    @classmethod
    def _create_contract_order(cls, quantity=6.0, interval=2, start="2026-01-01", end="2026-12-31", confirm=True):
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.partner_a.id,
                "order_line": [
                    Command.create({"product_id": cls.service.id, "product_uom_qty": quantity, "price_unit": 100.0})
                ],
                "service_invoice_interval": interval,
                "service_start_date": start,
                "service_end_date": end,
            }
        )
        if confirm:
            order.action_confirm()
        return order
