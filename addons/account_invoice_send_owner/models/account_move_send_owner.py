from odoo import api, fields, models
from odoo.tools import SQL


class AccountMove(models.Model):
    _inherit = "account.move"

    send_owner = fields.Selection(
        selection=[
            ("manual", "By hand"),
            ("auto_send", "Automatic sending"),
            ("send_date", "Send date"),
            ("api", "Integration API"),
        ],
        string="Sent By",
        copy=False,
        readonly=True,
        tracking=True,
        help="The one way this invoice is sent to the customer; the others leave it alone. By hand: Send & Print "
        "(it takes the invoice from a pending automatic sending, which is then cancelled). Automatic sending: "
        "the customer's automatic sending. Send date: the invoice's send date. Integration API: an integration "
        "posted and sent it. Empty: nothing sends it yet.",
    )

    # ------------------------------------------------------------------
    # Private helpers
    # ------------------------------------------------------------------

    def _send_owner_take(self, owner):
        """Make `owner` the one path that sends these invoices; the paths that had them give them up."""
        changing = self.filtered(lambda m: m.send_owner != owner)
        if changing:
            changing._send_owner_release(owner)
            changing.send_owner = owner

    def _send_owner_release(self, new_owner):
        """`new_owner` takes these invoices: the path that owns them cancels what it has pending for them.

        A hook: each path overrides it for the invoices it owns (a scheduled sending is unscheduled).
        """

    @api.model
    def _send_owner_same_path(self, owner):
        """The owners that are one path with `owner` (it may send their invoices); a path with several overrides it."""
        return (owner,)

    def _send_owner_claim(self, owner):
        """Those of these invoices `owner` may send now, locked for this transaction and made its own.

        Not claimed: invoices another path owns; invoices already sent that nobody owns (sent before
        owners were recorded); invoices another transaction holds right now (it is sending or changing
        them: skipped, not waited for). An invoice `owner`'s path owns is claimed even when already sent:
        the path's own state says whether it is to be sent again (a retry after a failed email).
        """
        if not self:
            return self
        self.flush_recordset(["send_owner", "is_move_sent"])
        self.env.cr.execute(
            SQL(
                """SELECT id
                     FROM account_move
                    WHERE id IN %s
                      AND (send_owner IN %s OR (send_owner IS NULL AND NOT COALESCE(is_move_sent, FALSE)))
                      FOR NO KEY UPDATE SKIP LOCKED""",
                tuple(self.ids),
                tuple(self._send_owner_same_path(owner)),
            )
        )
        claimed_ids = {row[0] for row in self.env.cr.fetchall()}
        claimed = self.filtered(lambda m: m.id in claimed_ids)
        claimed.invalidate_recordset(["send_owner", "is_move_sent"])
        claimed.filtered(lambda m: not m.send_owner).send_owner = owner
        return claimed

    def _send_owner_refusal(self):
        """Why `_send_owner_claim` did not claim this invoice, for the path that asked."""
        self.ensure_one()
        if self.send_owner:
            owner = dict(self._fields["send_owner"]._description_selection(self.env))[self.send_owner]
            return self.env._("%(move)s is sent by another way: %(owner)s.", move=self.display_name, owner=owner)
        if self.is_move_sent:
            return self.env._("%(move)s was already sent.", move=self.display_name)
        return self.env._(
            "%(move)s is being sent or changed by another user or process right now.", move=self.display_name
        )
