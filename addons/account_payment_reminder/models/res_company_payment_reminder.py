# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    payment_reminder_interval = fields.Integer(
        string="Days between payment reminders",
        default=7,
        help="A customer gets at most one payment reminder in this many days (unless a call note sets an "
        "earlier next-reminder date).",
    )
    payment_reminder_auto = fields.Boolean(
        string="Automatic payment reminders",
        help="Default for customers: the daily scheduled action sends their reminders by itself.",
    )

    def _payment_reminder_lang(self):
        """The language the company's users read what reminders record: the company's, else English."""
        self.ensure_one()
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        return self.partner_id.lang if self.partner_id.lang in installed else "en_US"
