from odoo import api, fields, models


class ShopOrderStatusUpdate(models.TransientModel):
    _name = "shop.order.status.update"
    _description = "Update Shop Order Status"

    order_id = fields.Many2one("sale.order", required=True, readonly=True)
    backend_id = fields.Many2one(related="order_id.shop_backend_id")
    status_id = fields.Many2one(
        "shop.order.status", "New Status", required=True, domain="[('backend_id', '=', backend_id)]"
    )
    comment = fields.Text(help="Written to the shop's status history and, with notification, into the mail.")
    notify = fields.Boolean("Notify Customer", default=True, help="The shop e-mails the customer about the change.")

    @api.onchange("order_id")
    def _onchange_order_id(self):
        if self.order_id and not self.status_id:
            self.status_id = self.order_id.shop_status_id

    def action_apply(self):
        self.ensure_one()
        self.order_id._shop_push_status(self.status_id, self.comment or "", self.notify)
        return {"type": "ir.actions.act_window_close"}
