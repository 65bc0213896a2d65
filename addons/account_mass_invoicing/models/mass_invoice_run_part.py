from odoo import api, models


class MassInvoiceRunPart(models.AbstractModel):
    """What a run is made of (its document lines, files and delivery methods): they decide the invoices and
    their delivery, so they change only while the run is a draft, for everyone and over every path."""

    _name = "mass.invoice.run.part"
    _description = "Mass Invoicing Run Part"

    @api.model_create_multi
    def create(self, vals_list):
        run_ids = [vals["run_id"] for vals in vals_list if vals.get("run_id")]
        self.env["mass.invoice.run"].browse(run_ids)._mass_invoice_check_draft()
        return super().create(vals_list)

    def write(self, vals):
        runs = self.run_id
        if vals.get("run_id"):
            runs |= self.env["mass.invoice.run"].browse(vals["run_id"])
        runs._mass_invoice_check_draft()
        return super().write(vals)

    def unlink(self):
        self.run_id._mass_invoice_check_draft()
        return super().unlink()
