from odoo import models
from odoo.tools import float_round


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _prepare_invoice_line(self, **optional_values):
        invoice_line_vals = super()._prepare_invoice_line(**optional_values)
        periods_left = self.env.context.get("service_periods_left")
        if periods_left and not self.display_type and "quantity" not in optional_values:
            invoice_line_vals["quantity"] = self._get_service_period_quantity(periods_left)
        return invoice_line_vals

    def _get_service_period_quantity(self, periods_left):
        """Equal share of the quantity still to invoice; the last period takes the rounding rest."""
        if periods_left == 1:
            return self.qty_to_invoice
        return float_round(self.qty_to_invoice / periods_left, precision_rounding=self.product_uom.rounding)
