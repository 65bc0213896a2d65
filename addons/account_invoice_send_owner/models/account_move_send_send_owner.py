from odoo import api, models


class AccountMoveSend(models.AbstractModel):
    """The one way automatic paths send invoices through Odoo's sender, and Send & Print taking them."""

    _inherit = "account.move.send"

    @api.model
    def _send_owner_send(self, moves, owner, **settings):
        """Send `moves` for the path `owner` through Odoo's sender; {move id: error text} for those not sent.

        Every automatic path sends this way. The invoices are claimed first (account.move
        `_send_owner_claim`: row locks, and an invoice another path owns or that was already sent is
        not taken, with the reason among the errors); the others go to `_generate_and_send_invoices`
        without raising, its errors returned here. During the sending the context key ``send_owner``
        names the path, so its hooks (`_hook_if_success`, `_send_mail`, ...) act on its invoices only.

        A new path adds its owner to account.move's `send_owner` (`selection_add`), then, e.g.::

            errors = self.env["account.move.send"]._send_owner_send(moves, "mass_invoice", sending_methods=["email"])

        :param settings: the custom settings of `_generate_and_send_invoices` (sending_methods,
                         author_user_id, ...); without them, each customer's preferred ones.
        """
        claimed = moves._send_owner_claim(owner)
        errors = {move.id: move._send_owner_refusal() for move in moves - claimed}
        if claimed:
            sender = self.with_context(send_owner=owner, send_owner_errors=errors)
            sender._generate_and_send_invoices(claimed, allow_raising=False, **settings)
        return errors

    @api.model
    def _generate_and_send_invoices(self, moves, **kwargs):
        if not self.env.context.get("send_owner"):
            # Not an automatic path: Send & Print, or Odoo sending a batch someone sent by hand.
            moves._send_owner_take("manual")
        return super()._generate_and_send_invoices(moves, **kwargs)

    @api.model
    def _hook_if_errors(self, moves_data, allow_raising=True):
        errors = self.env.context.get("send_owner_errors")
        if errors is not None:
            for move, move_data in moves_data.items():
                errors[move.id] = self._format_error_text(move_data["error"])
        return super()._hook_if_errors(moves_data, allow_raising=allow_raising)
