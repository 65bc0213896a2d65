from odoo import api, fields, models


class MassInvoiceAttachment(models.Model):
    """A file sent with every invoice of the run, by email (and embedded in the e-invoice, with
    account_mass_invoicing_peppol)."""

    _name = "mass.invoice.attachment"
    _description = "Mass Invoicing Attachment"
    _inherit = ["mass.invoice.run.part"]
    _order = "id"

    run_id = fields.Many2one("mass.invoice.run", required=True, ondelete="cascade", index=True)
    name = fields.Char(string="File Name", required=True)
    datas = fields.Binary(string="File", required=True, attachment=True)
    for_email = fields.Boolean(string="Email", default=True, help="Attached to the email with the invoice.")

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._mass_invoice_name_files()
        return records

    def write(self, vals):
        result = super().write(vals)
        if "name" in vals or "datas" in vals:
            self._mass_invoice_name_files()
        return result

    def _mass_invoice_name_files(self):
        """The stored file carries the user's file name: it is the name the email and the e-invoice show."""
        for record in self:
            record._mass_invoice_ir_attachments().name = record.name

    def _mass_invoice_ir_attachments(self):
        """The stored files (ir.attachment) of these records."""
        return (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_field", "=", "datas"), ("res_id", "in", self.ids)])
        )
