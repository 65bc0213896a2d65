from odoo import fields, models


class MassInvoiceAttachment(models.Model):
    _inherit = "mass.invoice.attachment"

    for_einvoice = fields.Boolean(
        string="E-invoice", help="Embedded in the e-invoice (Peppol BIS 3 / EHF) as an additional document."
    )
