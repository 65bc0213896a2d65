# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from dateutil.relativedelta import relativedelta

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import format_date


class MassInvoiceRun(models.Model):
    """A run that would bill members a second time (a duplicated run, or a new one with the same lines in the
    same month) says so before it starts, and starts only once the user confirms."""

    _inherit = "mass.invoice.run"

    def action_run(self):
        # The form's button for such a run asks first and confirms with this context; over XML-RPC, the same.
        if not self.env.context.get("mass_invoice_repeat_confirmed"):
            for run in self.filtered(lambda run: run.state == "draft"):
                if warning := run._mass_invoice_repeat_warning(run._mass_invoice_customers()):
                    raise UserError(self.env._("%(warning)s Confirm to create and send anyway.", warning=warning))
        return super().action_run()

    def _mass_invoice_repeat_warning(self, customers):
        """The warning when a started run of the company with the same lines (products, else descriptions)
        and an invoice date in the same month already invoiced some of these customers; or False."""
        self.ensure_one()
        if not self.invoice_date or not customers:
            return False
        month = self.invoice_date.replace(day=1)
        earlier_runs = self.search(
            [
                ("company_id", "=", self.company_id.id),
                ("state", "!=", "draft"),
                ("invoice_date", ">=", month),
                ("invoice_date", "<", month + relativedelta(months=1)),
            ],
            order="id desc",
        )
        lines = self._mass_invoice_lines_key()
        for earlier in earlier_runs.filtered(lambda run: run._mass_invoice_lines_key() == lines):
            invoiced = self.env["mass.invoice.recipient"].search_count(
                [
                    ("run_id", "=", earlier.id),
                    ("partner_id", "in", customers.ids),
                    ("move_id", "!=", False),
                    ("move_id.state", "!=", "cancel"),
                ]
            )
            if invoiced:
                return self.env._(
                    "The run %(run)s already invoiced %(count)s of these recipients with the same lines, dated "
                    "%(date)s: running this one bills them again.",
                    run=earlier.name,
                    count=invoiced,
                    date=format_date(self.env, earlier.invoice_date),
                )
        return False

    def _mass_invoice_lines_key(self):
        """What the run bills, to compare two runs: its lines' products (descriptions for lines without one)."""
        self.ensure_one()
        return sorted(
            f"product:{line.product_id.id}" if line.product_id else f"text:{line.name}" for line in self.line_ids
        )
