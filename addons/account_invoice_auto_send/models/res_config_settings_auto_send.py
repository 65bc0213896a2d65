# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    invoice_auto_send_interval = fields.Selection(related="company_id.invoice_auto_send_interval", readonly=False)
    invoice_auto_send_bcc = fields.Boolean(related="company_id.invoice_auto_send_bcc", readonly=False)
    invoice_auto_send_bcc_partner_id = fields.Many2one(
        related="company_id.invoice_auto_send_bcc_partner_id", readonly=False
    )
