from odoo import fields, models

# After the customer's preferred method, before email: the default chain's order.
EINVOICE = [("einvoice", "E-invoice (Peppol BIS 3 / EHF)"), ("email",)]


class MassInvoiceDeliveryMethod(models.Model):
    _inherit = "mass.invoice.delivery.method"

    method = fields.Selection(selection_add=EINVOICE, ondelete={"einvoice": "cascade"})


class MassInvoiceAttempt(models.Model):
    _inherit = "mass.invoice.attempt"

    method = fields.Selection(selection_add=EINVOICE, ondelete={"einvoice": "cascade"})
