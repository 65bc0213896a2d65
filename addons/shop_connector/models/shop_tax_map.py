from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare

from ..exceptions import ShopRefusal


class ShopTaxMap(models.Model):
    """The shop's tax rate (and delivery country) -> the Odoo tax of an imported line.

    Taxes come from the shop's rates, never from the Odoo product. Orders of customers who see
    gross prices are imported with price-included taxes, so their lines keep the shop's gross
    prices to the cent; net-price customers (trade groups) get price-excluded taxes.
    """

    _name = "shop.tax.map"
    _description = "Webshop Tax Mapping"
    _order = "backend_id, country_id, rate"

    backend_id = fields.Many2one("shop.backend", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="backend_id.company_id", store=True)
    rate = fields.Float("Shop Rate (%)", digits=(16, 2), required=True)
    country_id = fields.Many2one("res.country", "Delivery Country", help="Empty: any country.")
    tax_id = fields.Many2one(
        "account.tax",
        "Tax (net prices)",
        required=True,
        check_company=True,
        domain="[('type_tax_use', '=', 'sale'), ('price_include', '=', False)]",
    )
    tax_gross_id = fields.Many2one(
        "account.tax",
        "Tax (gross prices)",
        check_company=True,
        domain="[('type_tax_use', '=', 'sale'), ('price_include', '=', True)]",
        help="Price-included tax for orders of customers who see gross prices.",
    )

    _sql_constraints = [
        (
            "rate_country_unique",
            "UNIQUE NULLS NOT DISTINCT(backend_id, rate, country_id)",
            "A shop rate can be mapped once per country.",
        ),
    ]

    @api.constrains("rate", "tax_id", "tax_gross_id")
    def _check_taxes(self):
        for line in self:
            for tax, included in ((line.tax_id, False), (line.tax_gross_id, True)):
                if not tax:
                    continue
                if tax.amount_type != "percent" or float_compare(tax.amount, line.rate, precision_digits=4):
                    raise ValidationError(
                        self.env._("The tax %(tax)s is not a %(rate)s %% tax.", tax=tax.display_name, rate=line.rate)
                    )
                if tax.price_include != included:
                    raise ValidationError(
                        self.env._(
                            "The tax %(tax)s must be price-included for gross prices and price-excluded "
                            "for net prices.",
                            tax=tax.display_name,
                        )
                    )

    def _shop_find(self, backend, rate, country, gross):
        """The Odoo tax for a shop rate, or raise ShopRefusal with what to configure."""
        candidates = backend.tax_map_ids.filtered(
            lambda m: (
                not float_compare(m.rate, rate, precision_digits=3)
                and m.country_id in (country, self.env["res.country"])
            )
        ).sorted(lambda m: not m.country_id)
        for line in candidates:
            tax = line.tax_gross_id if gross else line.tax_id
            if tax:
                return tax
        rate_text = f"{rate:g}"
        raise ShopRefusal(
            self.env._(
                "No Odoo tax is mapped for the shop's rate of %(rate)s %% (%(prices)s, delivery to "
                "%(country)s): add it to the tax mapping of %(shop)s.",
                rate=rate_text,
                prices=self.env._("gross prices") if gross else self.env._("net prices"),
                country=country.name or self.env._("unknown country"),
                shop=backend.name,
            )
        )
