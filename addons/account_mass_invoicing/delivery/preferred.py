from .base import FAILED, Channel, Outcome


class PreferredChannel(Channel):
    """The delivery method set on the customer card (Odoo's invoice sending method, per company)."""

    code = "preferred"

    def resolve(self, recipient):
        method = recipient._mass_invoice_preferred_odoo_method()
        channels = recipient._mass_invoice_channels().values()
        return next((channel for channel in channels if channel.odoo_method == method), None) or _Unusable(method)

    def problem(self, recipient):
        return self.resolve(recipient).problem(recipient)

    def deliver(self, recipient):
        return self.resolve(recipient).deliver(recipient)


class _Unusable(Channel):
    """The customer prefers a method that does not send (Download), or one this database cannot send by: the
    chain goes on."""

    code = "preferred"

    def __init__(self, method):
        self.method = method

    def problem(self, recipient):
        return recipient.env._(
            "The customer's preferred method (%(method)s) does not send the invoice.", method=self.method
        )

    def deliver(self, recipient):
        return Outcome(FAILED, self.problem(recipient), self.code)
