# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import models
from odoo.exceptions import UserError

# What may change on a started run: its chatter and activities, nothing that decides the invoices.
CHANGEABLE_WHEN_STARTED = ("message_", "activity_")


class MassInvoiceRun(models.Model):
    """A started run is the record of what was invoiced and how it was delivered: it no longer changes,
    except by its own scheduled action (the run's state and outcome, written as the superuser)."""

    _inherit = "mass.invoice.run"

    def write(self, vals):
        if not self.env.su and any(not field.startswith(CHANGEABLE_WHEN_STARTED) for field in vals):
            self._mass_invoice_check_draft()
        return super().write(vals)

    def unlink(self):
        self._mass_invoice_check_draft()
        return super().unlink()

    def _mass_invoice_check_draft(self):
        if started := self.filtered(lambda run: run.state != "draft"):
            raise UserError(
                self.env._(
                    "The mass invoicing run %(run)s has started: what it invoices and how it delivers can no "
                    "longer be changed. Duplicate it to prepare another run.",
                    run=started[0].name,
                )
            )
