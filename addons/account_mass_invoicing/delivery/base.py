"""One small interface for every way an invoice of a mass invoicing run can reach its customer.

A channel is plain Python: it gets the recipient (an Odoo record of ``mass.invoice.recipient``)
and uses Odoo's own machinery through it (``account.move.send``). The fallback chain in
``mass.invoice.recipient`` only knows this interface: adding a channel is a class, a ``selection_add``
on the delivery method and an override of ``mass.invoice.recipient._mass_invoice_channels``.
"""

from dataclasses import dataclass

DELIVERED = "delivered"  # handed over: email queued with the invoice, e-invoice at the access point, letter sent
FAILED = "failed"  # this channel cannot deliver: the chain goes on with the next method
WAITING = "waiting"  # handed over, the outcome comes later (a letter waiting for the postal service)
DRAFT = "draft"  # the chain ends here: the invoice is kept as a draft


@dataclass(frozen=True)
class Outcome:
    status: str
    reason: str = ""
    method: str = ""  # the channel that really acted (the preferred method names the customer's own)


class Channel:
    code = ""
    # Odoo's sending method (the customer card's "Invoice sending") this channel sends by, if any.
    odoo_method = ""

    def problem(self, recipient):
        """Why this channel cannot deliver to the recipient, found without sending anything; or "".

        Cheap and without network: it is asked for every recipient before the invoice is posted,
        so that a customer who can only get a draft does not get a posted invoice first.
        """
        return ""

    def deliver(self, recipient):
        """Send the recipient's posted invoice; an Outcome. Must not commit."""
        raise NotImplementedError

    def follow_up(self, recipient):
        """The outcome of an earlier WAITING delivery, or None while still waiting."""
        return None

    def resolve(self, recipient):
        """The channel that acts for this recipient (itself, except for "the customer's preferred method")."""
        return self
