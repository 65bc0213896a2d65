# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import models


class SaleOrder(models.Model):
    """A shop order keeps the date it was placed in the shop, also when it is confirmed: Odoo's
    confirmation would date it at the moment of confirming (a first import of a year of orders
    would put them all on one day)."""

    _inherit = "sale.order"

    def action_confirm(self):
        shop_orders = self.filtered("shop_backend_id")
        if shop_orders and shop_orders != self:
            # Each kind gets its own confirmation values: the others are dated now, as in Odoo.
            (self - shop_orders).action_confirm()
            return shop_orders.action_confirm()
        return super().action_confirm()

    def _prepare_confirmation_values(self):
        values = super()._prepare_confirmation_values()
        if self and all(order.shop_backend_id for order in self):
            values.pop("date_order", None)
        return values
