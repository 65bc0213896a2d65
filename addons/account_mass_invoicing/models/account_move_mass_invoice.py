from odoo import fields, models


class AccountMove(models.Model):
    """A run owns the sending of the invoices it makes until it gives one up as a draft: no other path
    (automatic sending, a send date, the API) sends them, and Send & Print by hand takes them over."""

    # A file of its own (not merged into account_move_send.py): mass invoicing is a separable feature.
    _inherit = "account.move"  # pylint: disable=consider-merging-classes-inherited

    send_owner = fields.Selection(
        selection_add=[("mass_invoice", "Mass invoicing")], ondelete={"mass_invoice": "set null"}
    )

    def _mass_invoice_give_up(self):
        """The run keeps these invoices as drafts: they are the user's to send, and posted later they follow
        the customer's automatic sending like any invoice (Odoo's sender marked them sent when it made
        their PDF, which they were not)."""
        self.filtered(lambda move: move.send_owner == "mass_invoice").send_owner = False
        self.filtered("is_move_sent").is_move_sent = False

    def _send_owner_release(self, new_owner):
        # Sent by hand while its run still had to deliver it: the run's delivery ends there, the recipient
        # delivered (the run must neither send it again nor, when its methods fail, reset it to draft).
        owned = self.filtered(lambda move: move.send_owner == "mass_invoice")
        if owned:
            recipients = (
                self.env["mass.invoice.recipient"]
                .sudo()
                .search([("move_id", "in", owned.ids), ("state", "in", ("pending", "to_deliver"))])
            )
            recipients._mass_invoice_sent_by_hand()
        return super()._send_owner_release(new_owner)
