# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import models

# The bus notification that tells an open run form to reload (payload: the run's id).
PROGRESS_NOTIFICATION = "account_mass_invoicing.progress"
# A client subscribes to a run's notifications with this channel name followed by the run's id.
RUN_CHANNEL_PREFIX = "mass.invoice.run_"


class MassInvoiceRun(models.Model):
    """A run's open form follows its progress: each transaction that moves a recipient tells the forms
    showing the run, through Odoo's bus, once it commits."""

    _name = "mass.invoice.run"
    _inherit = ["mass.invoice.run", "bus.listener.mixin"]

    def write(self, vals):
        result = super().write(vals)
        if "state" in vals:
            self._mass_invoice_notify_progress()
        return result

    def _mass_invoice_notify_progress(self):
        """Once per run and transaction: the bus message is written when the transaction commits, so the form
        reloads what that commit holds."""
        notified = self.env.cr.precommit.data.setdefault("mass_invoice_run.progress_notified", set())
        for run in self:
            if run.id and run.id not in notified:
                notified.add(run.id)
                run._bus_send(PROGRESS_NOTIFICATION, {"id": run.id})
