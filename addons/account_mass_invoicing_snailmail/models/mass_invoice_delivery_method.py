from odoo import fields, models

# Just before "save as draft": the default chain's order.
POST = [("post", "Post (letter)"), ("draft",)]


class MassInvoiceDeliveryMethod(models.Model):
    _inherit = "mass.invoice.delivery.method"

    method = fields.Selection(selection_add=POST, ondelete={"post": "cascade"})


class MassInvoiceAttempt(models.Model):
    _inherit = "mass.invoice.attempt"

    method = fields.Selection(selection_add=POST, ondelete={"post": "cascade"})
