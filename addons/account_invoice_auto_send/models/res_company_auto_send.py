# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from datetime import datetime, time, timedelta

import pytz

from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # Automatic sending
    invoice_auto_send_interval = fields.Selection(
        selection=[
            ("immediately", "Immediately after posting"),
            ("hourly", "Every hour"),
            ("daily", "Every 24 hours"),
        ],
        string="Send invoices automatically",
        default="immediately",
        required=True,
        help="When invoices of customers with 'Send invoices automatically' go out once posted: at once, "
        "with the next hourly run, or with the next daily run (at midnight in the company's time zone).",
    )
    invoice_auto_send_bcc = fields.Boolean(
        string="Blind copy of automatically sent invoices",
        default=True,
        help="Mail a copy of every automatically sent invoice to a person of the company, so that a mistake "
        "is seen in time to credit it. The customer does not see this copy.",
    )
    invoice_auto_send_bcc_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Blind copy to",
        help="Who receives the copies. Empty: the invoice's salesperson, or the user who created it.",
    )

    def _auto_send_next_send_slot(self, now):
        """When an invoice posted at `now` (naive UTC) is sent by the company's automatic sending."""
        self.ensure_one()
        if self.invoice_auto_send_interval == "hourly":
            return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
        if self.invoice_auto_send_interval == "daily":
            today = pytz.utc.localize(now).astimezone(self._auto_send_tz()).date()
            return self._auto_send_midnight(today + timedelta(days=1))
        return now

    def _auto_send_midnight(self, day):
        """The start of `day` in the company's time zone, as naive UTC (how Odoo stores datetimes)."""
        self.ensure_one()
        local = self._auto_send_tz().localize(datetime.combine(day, time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    def _auto_send_tz(self):
        return pytz.timezone(self.partner_id.tz or "UTC")
