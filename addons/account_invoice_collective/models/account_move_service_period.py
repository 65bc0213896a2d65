# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.tools.misc import format_date


class AccountMove(models.Model):
    """The service period an invoice bills: set by the service contract, widened by a merge."""

    _inherit = "account.move"

    service_period_start = fields.Date(
        string="Period Start", readonly=True, copy=False, help="First day of the service period this invoice bills."
    )
    service_period_end = fields.Date(
        string="Period End", readonly=True, copy=False, help="Last day of the service period this invoice bills."
    )
    service_period = fields.Char(
        string="Period", compute="_compute_service_period", help="The service period this invoice bills."
    )

    @api.depends("service_period_start", "service_period_end")
    @api.depends_context("lang")
    def _compute_service_period(self):
        for move in self:
            dates = [move.service_period_start, move.service_period_end]
            move.service_period = " - ".join(format_date(self.env, day) for day in dates if day) or False
