from .base import DELIVERED, FAILED, Channel, Outcome


class EmailChannel(Channel):
    """Email with the invoice PDF through Odoo's account.move.send, in the customer's language."""

    code = "email"
    odoo_method = "email"

    def problem(self, recipient):
        # Odoo's sender would mark the invoice sent without an address: refuse it here.
        return recipient._mass_invoice_email_problem()

    def deliver(self, recipient):
        if problem := self.problem(recipient):
            return Outcome(FAILED, problem, self.code)
        error = recipient._mass_invoice_send_by_odoo("email")
        if error:
            return Outcome(FAILED, error, self.code)
        return Outcome(DELIVERED, method=self.code)
