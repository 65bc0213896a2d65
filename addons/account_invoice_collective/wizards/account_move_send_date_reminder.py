from odoo import api, fields, models


class AccountMoveSendDateReminder(models.TransientModel):
    _name = "account.move.send.date.reminder"
    _description = "Send Dates of Collective Invoices"

    move_ids = fields.Many2many(
        "account.move",
        string="Collective Invoices",
        help="Your draft collective invoices without a send date: set a date to have them sent "
        "on that day, or leave it empty to keep them waiting.",
    )

    @api.model
    def action_open_for_current_user(self):
        """Dialog listing the user's collective invoices without a send date, or False.

        The web client asks for it after login, once per session (controllers/); users without
        invoicing rights get False.
        """
        if not self.has_access("create"):
            return False
        moves = self.env["account.move"]._get_collective_invoices_without_send_date()
        if not moves:
            return False
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Collective invoices without a send date"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_move_ids": moves.ids, "dialog_size": "extra-large"},
        }

    def action_save(self):
        # The send dates are written to the invoices when the dialog's record is saved.
        return {"type": "ir.actions.act_window_close"}
