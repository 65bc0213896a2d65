# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import logging

import psycopg2

from odoo import models

from ..delivery.base import DELIVERED, DRAFT, FAILED, WAITING

_logger = logging.getLogger(__name__)


class MassInvoiceRecipient(models.Model):
    """Delivery: the fallback chain walked for each posted invoice, and the letters followed."""

    _inherit = "mass.invoice.recipient"

    def _mass_invoice_deliver(self):
        for recipient in self:
            recipient = recipient.with_context(lang=recipient.run_id._mass_invoice_lang())
            if not recipient._mass_invoice_still_mine("to_deliver"):
                continue
            try:
                recipient._mass_invoice_walk_chain()
            except psycopg2.OperationalError:
                raise  # a concurrent update: the batch rolls back and is tried again
            except Exception:
                _logger.exception("Mass invoicing: delivery of recipient %s failed", recipient.id)
                recipient._mass_invoice_fail(recipient.env._("Unexpected error while sending; see the server log."))

    def _mass_invoice_walk_chain(self):
        """Try the methods from the current position: the first that delivers (or waits) ends it."""
        self.ensure_one()
        chain = self.run_id._mass_invoice_chain()
        channels = self._mass_invoice_channels()
        while self.chain_index < len(chain):
            code = chain[self.chain_index]
            channel = channels[code]
            if self._mass_invoice_tried_before(chain, self.chain_index):
                self.chain_index += 1
                continue
            if code != "draft" and self.move_id.state == "draft":
                self._mass_invoice_post(self)
                if self.state == "failed":
                    return
            outcome = channel.deliver(self)
            if self._mass_invoice_apply(code, outcome):
                return
            self.chain_index += 1
        self._mass_invoice_apply("draft", channels["draft"].deliver(self))

    def _mass_invoice_print_waiting(self):
        """Hand what these recipients wait for to its service now; True when one was tried, which committed
        (letters, with account_mass_invoicing_snailmail)."""
        return False

    def _mass_invoice_follow_up(self):
        """The outcome of the deliveries these recipients wait for (letters, with account_mass_invoicing_snailmail)."""

    def _mass_invoice_tried_before(self, chain, index):
        """Whether the method at `index` of the chain is one an earlier step already tried for this recipient
        (the customer's preferred method is one of the others): each method is tried once."""
        self.ensure_one()
        channels = self._mass_invoice_channels()
        code = channels[chain[index]].resolve(self).code
        return any(channels[earlier].resolve(self).code == code for earlier in chain[:index])

    def _mass_invoice_apply(self, code, outcome):
        """Record the outcome of one attempt; True when the chain stops here."""
        self.ensure_one()
        method = outcome.method or code
        self._mass_invoice_log(method, outcome.status, outcome.reason)
        if outcome.status == FAILED:
            self.last_error = outcome.reason
            return False
        if outcome.status == DELIVERED:
            self.write({"state": "delivered", "delivered_method": method, "last_error": False})
        elif outcome.status == WAITING:
            self.state = "letter"
        elif outcome.status == DRAFT:
            self.write({"state": "draft", "delivered_method": "draft", "last_error": outcome.reason or self.last_error})
            self.move_id._mass_invoice_give_up()
        return True

    def _mass_invoice_log(self, method, status, reason=""):
        self.env["mass.invoice.attempt"].create(
            {"recipient_id": self.id, "method": method, "result": status, "reason": reason or False}
        )

    def _mass_invoice_sent_by_hand(self):
        """Send & Print by hand sent these recipients' invoices: their delivery ends there, and says by whom."""
        # Called as the user who pressed Send: a batch is taken when asked for, before Odoo sends it.
        reason = self.env._("Sent by hand by %(user)s.", user=self.env.user.name)
        for recipient in self:
            recipient._mass_invoice_log("manual", DELIVERED, reason)
        self.write({"state": "delivered", "delivered_method": "manual", "last_error": False})

    def _mass_invoice_fail(self, reason):
        self.ensure_one()
        self._mass_invoice_log(self.run_id._mass_invoice_chain()[self.chain_index], FAILED, reason)
        self.write({"state": "failed", "last_error": reason})

    def _mass_invoice_reset_for_retry(self):
        for recipient in self:
            state = "to_deliver" if recipient.move_id else "pending"
            recipient.write({"state": state, "chain_index": 0, "last_error": False})
        # Only running runs are worked on: a finished run opens again for its retried recipients.
        self.run_id.filtered(lambda run: run.state == "done").state = "running"
