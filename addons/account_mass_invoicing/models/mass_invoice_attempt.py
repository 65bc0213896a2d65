from odoo import fields, models

from .mass_invoice_delivery_method import BY_HAND, METHODS


class MassInvoiceAttempt(models.Model):
    """One try of one delivery method for one recipient, with why it failed."""

    _name = "mass.invoice.attempt"
    _description = "Mass Invoicing Delivery Attempt"
    _order = "id"

    recipient_id = fields.Many2one("mass.invoice.recipient", required=True, ondelete="cascade", index=True)
    # The delivery methods' list, given as a list: Odoo translates the labels of a listed selection only.
    method = fields.Selection(METHODS + BY_HAND, required=True)
    result = fields.Selection(
        [("delivered", "Delivered"), ("failed", "Failed"), ("waiting", "Waiting"), ("draft", "Saved as Draft")],
        required=True,
    )
    reason = fields.Text()
    create_date = fields.Datetime(string="Tried On")
