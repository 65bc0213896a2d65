# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    invoice_auto_send = fields.Boolean(
        string="Send invoices automatically",
        company_dependent=True,
        help="Posted invoices and credit notes of this customer are sent by its invoice sending method "
        "(e-invoice or email) without anyone pressing Send, at the time set in the Invoicing settings "
        "of the company (immediately, every hour or every 24 hours).",
    )
