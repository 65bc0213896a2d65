from odoo import fields, models


class ShopOrderStatus(models.Model):
    """A shop order status, whether orders in it are imported, and the Odoo step it leads to."""

    _name = "shop.order.status"
    _description = "Webshop Order Status"
    _order = "backend_id, code"

    backend_id = fields.Many2one("shop.backend", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="backend_id.company_id", store=True)
    code = fields.Integer("Shop Status ID", required=True)
    name = fields.Char(required=True)
    import_orders = fields.Boolean(
        "Import",
        help="Import new shop orders that are in this status. An order already imported takes the "
        "step of its new status whether this is ticked or not: 4 Canceled is not ticked (a cancelled "
        "order is not imported), and an imported order cancelled in the shop is cancelled in Odoo.",
    )
    step = fields.Selection(
        [("quotation", "Import as Quotation"), ("confirm", "Confirm Order"), ("cancel", "Cancel Order")],
        "Odoo Step",
        required=True,
        default="confirm",
    )
    push_on_delivery = fields.Boolean(
        "Set When Delivered", help="Set the shop order to this status when its delivery is validated."
    )
    push_on_cancel = fields.Boolean(
        "Set When Cancelled", help="Set the shop order to this status when it is cancelled."
    )

    _sql_constraints = [
        ("code_unique", "UNIQUE(backend_id, code)", "Each shop status can be listed once per shop."),
    ]

    def _compute_display_name(self):
        for status in self:
            status.display_name = f"{status.code} {status.name}"
