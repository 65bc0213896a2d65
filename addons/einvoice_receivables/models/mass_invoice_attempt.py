from odoo import fields, models


class MassInvoiceAttempt(models.Model):
    """One try of one delivery method for one recipient, with why it failed."""

    _name = "mass.invoice.attempt"
    _description = "Mass Invoicing Delivery Attempt"
    _order = "id"

    recipient_id = fields.Many2one("mass.invoice.recipient", required=True, ondelete="cascade", index=True)
    method = fields.Selection(
        selection=lambda self: self.env["mass.invoice.delivery.method"]._fields["method"].selection, required=True
    )
    result = fields.Selection(
        [("delivered", "Delivered"), ("failed", "Failed"), ("waiting", "Waiting"), ("draft", "Saved as Draft")],
        required=True,
    )
    reason = fields.Text()
    create_date = fields.Datetime(string="Tried On")
