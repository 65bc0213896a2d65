# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    payment_reminder_interval = fields.Integer(related="company_id.payment_reminder_interval", readonly=False)
    payment_reminder_auto = fields.Boolean(related="company_id.payment_reminder_auto", readonly=False)
