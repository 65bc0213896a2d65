# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models
from odoo.tools.misc import formatLang


class ShopImporterOrder(models.AbstractModel):
    """The Odoo order's total is the shop's total to the cent.

    The shop sums unrounded line taxes (a trade customer's 185.0045, shown as 185,00), Odoo rounds
    each tax amount to the cent (185.01). No tax rounding of Odoo reaches the shop's cent there, so
    a visible line without tax makes up the difference, within the backend's rounding tolerance;
    a larger difference is not rounding and stays an exception of the order.
    """

    _inherit = "shop.importer.order"

    def _reconcile(self, backend, order, record):
        if any(total["class"] == "ot_total" for total in record["totals"]):
            self._shop_round_to_total(backend, order)
        return super()._reconcile(backend, order, record)

    def _shop_round_to_total(self, backend, order):
        currency = order.currency_id
        rounding = self.env.ref("shop_connector.product_shop_rounding")
        if order.order_line.filtered(lambda line: line.product_id == rounding):
            return
        difference = currency.round(currency.round(order.shop_amount_total) - order.amount_total)
        if currency.is_zero(difference) or abs(difference) > backend.amount_tolerance:
            return
        order.order_line = [
            fields.Command.create(
                {
                    "sequence": max(order.order_line.mapped("sequence"), default=0) + 1,
                    "product_id": rounding.id,
                    "product_uom": rounding.uom_id.id,
                    "name": self.env._(
                        "Rounding to the shop's total of %s",
                        formatLang(self.env, order.shop_amount_total, currency_obj=currency),
                    ),
                    "product_uom_qty": 1,
                    "price_unit": difference,
                    "tax_id": [fields.Command.clear()],
                }
            )
        ]
