from odoo import models


class MassInvoiceRecipient(models.Model):
    """A recipient that moves on tells the open forms of its run (see mass_invoice_run_live)."""

    _inherit = "mass.invoice.recipient"

    def write(self, vals):
        result = super().write(vals)
        if "state" in vals or "move_id" in vals:
            self.run_id._mass_invoice_notify_progress()
        return result
