from odoo import models


class AccountMove(models.Model):
    """The invoices of a mass invoicing run are delivered by the run alone: automatic sending leaves them
    alone until the run gives one up as a draft (which then, posted by hand, is sent like any other)."""

    # A file of its own (not merged into account_move_auto_send.py): mass invoicing is a separable feature.
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    def _auto_send_schedule(self):
        owned = self._mass_invoice_owned()
        owned.filtered("auto_send_state").write({"auto_send_state": False, "auto_send_due": False})
        return super(AccountMove, self - owned)._auto_send_schedule()

    def _mass_invoice_owned(self):
        """Those of these invoices that a mass invoicing run delivers (all but the drafts it ended with)."""
        if not self.ids:
            return self.browse()
        recipients = (
            self.env["mass.invoice.recipient"].sudo().search([("move_id", "in", self.ids), ("state", "!=", "draft")])
        )
        return self.browse(recipients.move_id.ids)
