from odoo import api, models


class AccountMoveSend(models.AbstractModel):
    _inherit = "account.move.send"

    @api.model
    def _auto_send_is_delivered(self, move, move_data):
        methods = move_data["sending_methods"]
        if "peppol" not in methods:
            return super()._auto_send_is_delivered(move, move_data)
        if move.peppol_move_state in ("processing", "done"):
            return True  # handed to the access point: no longer "applicable", it is on its way
        others = {**move_data, "sending_methods": {method for method in methods if method != "peppol"}}
        return super()._auto_send_is_delivered(move, others)
