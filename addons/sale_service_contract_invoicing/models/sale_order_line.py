# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import models
from odoo.tools import float_round
from odoo.tools.misc import format_date


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _prepare_invoice_line(self, **optional_values):
        invoice_line_vals = super()._prepare_invoice_line(**optional_values)
        periods_left = self.env.context.get("service_periods_left")
        if periods_left and not self.display_type:
            if "quantity" not in optional_values:
                invoice_line_vals["quantity"] = self._get_service_period_quantity(periods_left)
            invoice_line_vals["name"] = self._get_service_period_label(invoice_line_vals.get("name") or self.name)
        return invoice_line_vals

    def _get_service_period_quantity(self, periods_left):
        """Equal share of the quantity still to invoice; the last period takes the rounding rest."""
        if periods_left == 1:
            return self.qty_to_invoice
        return float_round(self.qty_to_invoice / periods_left, precision_rounding=self.product_uom.rounding)

    def _get_service_period_label(self, name):
        """The line's text with its period, in the customer's language, on the line below the product.

        "Maintenance visit\n07/01/2026-08/31/2026": the invoice form shows the product and, under it,
        the rest of the text; a period on the product's line would show there as ", 07/01/...".
        """
        start, end = self.env.context.get("service_period_date"), self.env.context.get("service_period_end")
        if not (start and end):
            return name
        customer_env = self.with_context(lang=self.order_id.partner_id.lang).env
        period = f"{format_date(customer_env, start)}-{format_date(customer_env, end)}"
        first_line, *rest = (name or "").split("\n")
        return "\n".join([first_line, period, *rest])
