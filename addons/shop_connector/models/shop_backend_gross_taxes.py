# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models


class ShopBackend(models.Model):
    """Price-included taxes for gross-price orders where the chart has none.

    Odoo's German charts (SKR03, SKR04) only have price-excluded sales taxes, so every order of a
    customer who sees gross prices would be refused. The owner confirms their creation: each is a
    copy of the mapped price-excluded tax of its rate (same accounts, tax grids and tax group),
    included in the price.
    """

    _inherit = "shop.backend"

    shop_gross_taxes_missing = fields.Char(
        "Rates without Gross-Price Tax",
        compute="_compute_shop_gross_taxes_missing",
        help="Mapped shop rates that have no price-included tax for customers who see gross prices.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("tax_map_ids.tax_gross_id", "tax_map_ids.rate")
    def _compute_shop_gross_taxes_missing(self):
        for backend in self:
            lines = backend._shop_maps_without_gross_tax()
            backend.shop_gross_taxes_missing = ", ".join(f"{rate:g} %" for rate in lines.mapped("rate")) or False

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_fill_tax_map(self):
        action = super().action_fill_tax_map()
        if self.shop_gross_taxes_missing and action["params"]["type"] == "success":
            action["params"]["type"] = "warning"
            action["params"]["message"] = self.env._(
                "%(done)s Odoo has no price-included taxes of %(rates)s for customers who see gross prices "
                "(e.g. on a German chart): an accounting manager can create them with Create Gross-Price "
                "Taxes on the Tax Mapping tab.",
                done=action["params"]["message"],
                rates=self.shop_gross_taxes_missing,
            )
        return action

    def action_shop_create_gross_taxes(self):
        """Create a price-included copy of each mapped price-excluded tax that has none, and map it."""
        self.ensure_one()
        created = []
        for line in self._shop_maps_without_gross_tax():
            line.tax_gross_id = self._shop_gross_tax(line.tax_id)
            created.append(line.tax_gross_id.name)
        return self._shop_notify(
            self.env._(
                "Created and mapped these price-included taxes for gross-price orders: %(taxes)s. Each is "
                "a copy of the price-excluded tax of its rate, with the same accounts and tax grids.",
                taxes=", ".join(created),
            )
            if created
            else self.env._("Every mapped rate already has a price-included tax."),
            "success",
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _shop_maps_without_gross_tax(self):
        return self.tax_map_ids.filtered(lambda line: line.tax_id and not line.tax_gross_id)

    def _shop_gross_tax(self, net_tax):
        """The price-included twin of a tax: an existing one of this name, else a new copy."""
        name = self.env._("%s (price included)", net_tax.name)
        Tax = self.env["account.tax"].with_context(active_test=False)
        existing = Tax.search(
            [("name", "=", name), ("company_id", "=", net_tax.company_id.id), ("type_tax_use", "=", "sale")], limit=1
        )
        if existing.price_include and existing.amount == net_tax.amount:
            existing.active = True
            return existing
        return net_tax.copy({"name": name, "price_include_override": "tax_included"})
