from .base import FAILED, Channel, Outcome

# Odoo's sending method (the customer card's "Invoice sending") -> our channel
ODOO_METHOD_CHANNEL = {"email": "email", "peppol": "einvoice", "snailmail": "post"}


class PreferredChannel(Channel):
    """The delivery method set on the customer card (Odoo's invoice sending method, per company)."""

    code = "preferred"

    def resolve(self, recipient):
        from . import CHANNELS

        method = recipient._mass_invoice_preferred_odoo_method()
        return CHANNELS.get(ODOO_METHOD_CHANNEL.get(method)) or _Unusable(method)

    def problem(self, recipient):
        return self.resolve(recipient).problem(recipient)

    def deliver(self, recipient):
        return self.resolve(recipient).deliver(recipient)


class _Unusable(Channel):
    """The customer prefers a method that does not send (Download): the chain goes on."""

    code = "preferred"

    def __init__(self, method):
        self.method = method

    def problem(self, recipient):
        return recipient.env._(
            "The customer's preferred method (%(method)s) does not send the invoice.", method=self.method
        )

    def deliver(self, recipient):
        return Outcome(FAILED, self.problem(recipient), self.code)
