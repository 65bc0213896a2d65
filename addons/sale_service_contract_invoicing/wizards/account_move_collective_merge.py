from odoo import models


class AccountMoveCollectiveMerge(models.TransientModel):
    _inherit = "account.move.collective.merge"

    def _prepare_collective_vals(self, sources):
        # The sales team is Sales' field on invoices: the collective keeps the first source's.
        return {**super()._prepare_collective_vals(sources), "team_id": sources[0].team_id.id}
