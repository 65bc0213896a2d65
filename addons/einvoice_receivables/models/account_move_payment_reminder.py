from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def action_payment_reminder_call_note(self):
        """A new call note about this overdue invoice (button in the unpaid invoice totals)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Call note"),
            "res_model": "payment.reminder",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_kind": "call",
                "default_partner_id": self.commercial_partner_id.id,
                "default_company_id": self.company_id.id,
                "default_move_id": self.id,
            },
        }
