from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _auto_send_handed_over(self):
        # With the Peppol access point, whose answer was committed while the worker's own transaction was not.
        return super()._auto_send_handed_over() | self.filtered(lambda m: m.peppol_move_state in ("processing", "done"))
