# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models


class MassInvoiceLine(models.Model):
    """A line of the document every recipient of the run is invoiced."""

    _name = "mass.invoice.line"
    _description = "Mass Invoicing Document Line"
    _inherit = ["analytic.mixin", "mass.invoice.run.part"]
    _order = "sequence, id"
    _check_company_auto = True

    run_id = fields.Many2one("mass.invoice.run", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="run_id.company_id")
    currency_id = fields.Many2one(related="run_id.currency_id")
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one("product.product", check_company=True)
    name = fields.Text(
        string="Description",
        compute="_compute_from_product",
        store=True,
        readonly=False,
        required=True,
        precompute=True,
    )
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    price_unit = fields.Float(
        string="Unit Price",
        digits="Product Price",
        compute="_compute_from_product",
        store=True,
        readonly=False,
        precompute=True,
    )
    tax_ids = fields.Many2many(
        "account.tax",
        string="Taxes",
        compute="_compute_from_product",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('type_tax_use', '=', 'sale')]",
        check_company=True,
    )
    price_subtotal = fields.Monetary(compute="_compute_amounts", string="Subtotal")
    price_total = fields.Monetary(compute="_compute_amounts", string="Total")

    @api.depends("product_id")
    def _compute_from_product(self):
        for line in self:
            product = line.product_id.with_company(line.company_id)
            if not product:
                line.name = line.name or False
                continue
            line.name = product.get_product_multiline_description_sale()
            line.price_unit = product.lst_price
            line.tax_ids = product.taxes_id._filter_taxes_by_company(line.company_id)

    @api.depends("quantity", "price_unit", "tax_ids", "currency_id")
    def _compute_amounts(self):
        for line in self:
            taxes = line.tax_ids.compute_all(
                line.price_unit, currency=line.currency_id, quantity=line.quantity, product=line.product_id
            )
            line.price_subtotal = taxes["total_excluded"]
            line.price_total = taxes["total_included"]

    def _mass_invoice_line_values(self, fiscal_position):
        """Values of the invoice line for one customer (its fiscal position maps the taxes)."""
        self.ensure_one()
        values = {
            "sequence": self.sequence,
            "product_id": self.product_id.id,
            "name": self.name,
            "quantity": self.quantity,
            "price_unit": self.price_unit,
            "tax_ids": [fields.Command.set(fiscal_position.map_tax(self.tax_ids).ids)],
        }
        if self.analytic_distribution:
            values["analytic_distribution"] = self.analytic_distribution
        return values
