# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models
from odoo.addons.account_mass_invoicing.delivery.base import DRAFT, WAITING

from ..delivery import PostChannel
from .mass_invoice_delivery_method import POST


class MassInvoiceRecipient(models.Model):
    """Post as a method of the delivery chain: the letter made for the recipient, followed until it goes."""

    _inherit = "mass.invoice.recipient"

    delivered_method = fields.Selection(selection_add=POST)
    letter_id = fields.Many2one("snailmail.letter", readonly=True)
    letter_planned = fields.Boolean(
        readonly=True, help="Planned to get a letter: counted against the postal credit until its letter is made."
    )

    def _mass_invoice_channels(self):
        return {**super()._mass_invoice_channels(), PostChannel.code: PostChannel()}

    def _mass_invoice_plan_channel(self, channel, index, planned):
        if channel.code != PostChannel.code:
            return super()._mass_invoice_plan_channel(channel, index, planned)
        # {company id: letters the postal credit still covers, as far as known}
        return self._mass_invoice_plan_letter(index, planned.setdefault("credit_left", {}))

    def _mass_invoice_reset_for_retry(self):
        # Walked again from the start without a plan: no letter is counted against the credit for it.
        self.write({"letter_planned": False})
        return super()._mass_invoice_reset_for_retry()

    def _mass_invoice_follow_up(self):
        """Letters handed to Odoo's snailmail: delivered once sent, on to the next method if refused.

        Whether credit is missing is known once for the pass: with "don't wait for credit", every letter
        the credit cannot cover becomes a draft at the first refusal, not one letter per snailmail run.
        """
        without_credit = [
            company.id
            for company, recipients in self.grouped("company_id").items()
            if recipients[0]._mass_invoice_credit_missing()
        ]
        channels = self._mass_invoice_channels()
        for recipient in self.with_context(mass_invoice_companies_without_credit=without_credit):
            recipient = recipient.with_context(lang=recipient.run_id._mass_invoice_lang())
            outcome = channels["post"].follow_up(recipient)
            if outcome is None:
                continue
            if outcome.status == WAITING:
                if recipient.state != "waiting_credit":
                    recipient._mass_invoice_log("post", WAITING, outcome.reason)
                    recipient.write({"state": "waiting_credit", "last_error": outcome.reason})
                continue
            if outcome.status == DRAFT:
                channels["draft"].deliver(recipient)
            if recipient._mass_invoice_apply("post", outcome):
                continue
            recipient.chain_index += 1
            recipient.state = "to_deliver"
        if self.filtered(lambda r: r.state == "to_deliver"):
            self.env["mass.invoice.run"]._mass_invoice_trigger()

    def _mass_invoice_address_problem(self):
        if not self.env["snailmail.letter"]._is_valid_address(self.invoice_partner_id):
            return self.env._(
                "%(customer)s has no complete postal address (street, zip, city, country).",
                customer=self.invoice_partner_id.display_name,
            )
        return ""
