# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def _action_done(self):
        result = super()._action_done()
        for picking in self.filtered(lambda p: p.picking_type_code == "outgoing" and p.sale_id.shop_backend_id):
            order = picking.sale_id
            status = order.shop_backend_id.status_ids.filtered("push_on_delivery")[:1]
            if not status:
                continue
            comment = (
                self.env._(
                    "Shipped with %(carrier)s, tracking number %(ref)s",
                    carrier=picking.carrier_id.name or "-",
                    ref=picking.carrier_tracking_ref,
                )
                if picking.carrier_tracking_ref
                else self.env._("Shipped.")
            )
            order._shop_push_status(status, comment, notify=True, raise_errors=False)
        return result
