# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import models


class AccountMove(models.Model):
    """What automatic sending writes on an invoice (its error, its chatter note) is in the language of
    the person who follows the invoice up, whatever language the scheduled action runs in."""

    _inherit = "account.move"

    def _auto_send_send_now(self):
        """Send each language's invoices in that language; those whose sending commits (e-invoice
        networks) all in the last part, as their commits end the claim on the invoices sent after them
        (each of them then sends in its own author's language)."""
        sender = self.env["account.move.send"]
        committing = self.filtered(lambda m: m.partner_id and m._auto_send_sending_commits(sender))
        parts = [*(self - committing).grouped(lambda m: m._auto_send_author().lang).values(), committing]
        outcomes = {}
        for part in filter(None, parts):
            lang = part[:1]._auto_send_author().lang or self.env.lang
            outcomes.update(super(AccountMove, part.with_context(lang=lang))._auto_send_send_now())
        return outcomes

    def _auto_send_sending_method_label(self):
        """The customer's sending method as the invoice form names it."""
        self.ensure_one()
        method = self.env["account.move.send"]._get_default_sending_method(self)
        labels = dict(self.env["res.partner"]._fields["invoice_sending_method"]._description_selection(self.env))
        return labels.get(method, method)
