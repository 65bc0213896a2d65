# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    einvoice_recipient_check = fields.Boolean(related="company_id.einvoice_recipient_check", readonly=False)
    einvoice_lookup_limit = fields.Integer(related="company_id.einvoice_lookup_limit", readonly=False)
    einvoice_recheck_days = fields.Integer(related="company_id.einvoice_recheck_days", readonly=False)
    einvoice_set_sending_method = fields.Boolean(related="company_id.einvoice_set_sending_method", readonly=False)
