from odoo.addons.account_mass_invoicing.delivery.base import DELIVERED, DRAFT, FAILED, WAITING, Channel, Outcome

# Errors of the snailmail service that Odoo's snailmail cron retries by itself.
RETRIED_ERRORS = ("CREDIT_ERROR", "TRIAL_ERROR")


class PostChannel(Channel):
    """A printed letter through Odoo's snailmail (IAP): the letter is queued, Odoo's snailmail cron sends it.

    The service needs prepaid credit; without it the letter waits (Odoo retries it) and the
    recipient is "waiting for credit" until it goes, unless the run says to make a draft instead.
    """

    code = "post"
    odoo_method = "snailmail"

    def problem(self, recipient):
        return recipient._mass_invoice_address_problem()

    def deliver(self, recipient):
        if problem := self.problem(recipient):
            return Outcome(FAILED, problem, self.code)
        letters_before = recipient._mass_invoice_letters()
        error = recipient._mass_invoice_send_by_odoo("snailmail")
        if error:
            return Outcome(FAILED, error, self.code)
        recipient.letter_id = (recipient._mass_invoice_letters() - letters_before)[:1]
        if not recipient.letter_id:
            return Outcome(FAILED, recipient.env._("No letter was created for the invoice."), self.code)
        recipient.env.ref("snailmail.snailmail_print")._trigger()
        return Outcome(WAITING, method=self.code)

    def follow_up(self, recipient):
        letter = recipient.letter_id
        env = recipient.env
        if letter.state == "sent":
            return Outcome(DELIVERED, method=self.code)
        if letter.state == "canceled":
            return Outcome(FAILED, env._("The letter was cancelled."), self.code)
        # Odoo's snailmail cron stops at the first letter refused for credit: the letters behind it stay
        # pending, waiting for the same credit.
        refused = letter.state == "error" and letter.error_code in RETRIED_ERRORS
        if refused or (letter.state == "pending" and recipient._mass_invoice_credit_missing()):
            if recipient.run_id.no_credit_wait:
                letter.cancel()
                # Posted before the letter was refused: the draft keeps the number it got, which the outcome says.
                reason = env._(
                    "No postal credit: made a draft instead of waiting. The draft keeps its invoice number %(number)s.",
                    number=recipient.move_id.name,
                )
                return Outcome(DRAFT, reason, self.code)
            # Odoo's snailmail cron tries it again: it goes once the credit is topped up.
            return Outcome(WAITING, env._("No postal credit: waiting for top-up."), self.code)
        if letter.state == "error":
            error = recipient._mass_invoice_letter_error()
            return Outcome(FAILED, env._("The postal service refused the letter: %(error)s", error=error), self.code)
        return None  # pending: not yet handed to the service
