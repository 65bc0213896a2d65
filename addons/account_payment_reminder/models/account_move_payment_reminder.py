# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def action_payment_reminder_call_note(self):
        """A new call note about this overdue invoice (button in the unpaid invoice totals)."""
        self.ensure_one()
        return self.env["payment.reminder"]._payment_reminder_new_note_action(
            self.commercial_partner_id, self.company_id, self
        )
