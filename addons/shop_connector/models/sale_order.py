# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class SaleOrder(models.Model):
    """The shop order an Odoo order was imported from (the order's binding)."""

    _inherit = "sale.order"

    shop_backend_id = fields.Many2one("shop.backend", "Shop", readonly=True, index=True, copy=False)
    shop_domain_id = fields.Many2one("shop.domain", readonly=True, copy=False)
    shop_order_id = fields.Integer("Shop Order ID", readonly=True, copy=False, aggregator=False)
    shop_status_id = fields.Many2one("shop.order.status", readonly=True, copy=False)
    shop_payment_method = fields.Char(readonly=True, copy=False)
    shop_comments = fields.Text(
        readonly=True,
        copy=False,
        help="The customer's comment and the shop's status history comments.",
    )
    # Unrounded, as the shop sums them (e.g. 185.0045).
    shop_amount_total = fields.Float("Shop Total", digits=(16, 4), readonly=True, copy=False)
    shop_amount_tax = fields.Float("Shop Taxes", digits=(16, 4), readonly=True, copy=False)
    shop_exception = fields.Text(
        "Shop Difference",
        readonly=True,
        copy=False,
        help="Why this order was not confirmed: its total rebuilt in Odoo differs from the shop's.",
    )
    shop_sync_hash = fields.Char(readonly=True, copy=False)

    _sql_constraints = [
        (
            "shop_order_unique",
            "UNIQUE(shop_backend_id, shop_order_id)",
            "This shop order has already been imported.",
        ),
    ]

    def write(self, vals):
        if "shop_exception" in vals and not vals["shop_exception"] and self.filtered("shop_exception"):
            self._shop_check_accept_rights()
        return super().write(vals)

    def action_shop_accept_difference(self):
        """A sales manager checked the difference: clear the exception (the order can then be
        confirmed) and confirm the customer's link to the shop when it was waiting for review."""
        self._shop_check_accept_rights()
        for order in self:
            order.message_post(body=self.env._("Difference to the shop's total accepted: %s", order.shop_exception))
        self.shop_exception = False
        links = self.env["shop.partner.binding"].search(
            [("partner_id", "in", self.partner_id.ids), ("backend_id", "in", self.shop_backend_id.ids)]
        )
        links.filtered("to_review").sudo().to_review = False
        return True

    def action_confirm(self):
        blocked = self.filtered("shop_exception")
        if blocked:
            raise UserError(
                self.env._(
                    "The total of %(orders)s differs from the shop's: check the order and accept the "
                    "difference before confirming it.",
                    orders=", ".join(blocked.mapped("name")),
                )
            )
        return super().action_confirm()

    def _shop_check_accept_rights(self):
        """Clearing a difference confirms an order the shop's data did not justify: sales
        managers only (the import itself runs as the scheduler's superuser or a sales manager)."""
        if not (
            self.env.su or self.env.user._is_superuser() or self.env.user.has_group("sales_team.group_sale_manager")
        ):
            raise AccessError(self.env._("Only sales managers can accept a difference to the shop."))
