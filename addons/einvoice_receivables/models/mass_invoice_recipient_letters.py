# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import logging

from odoo import models
from odoo.exceptions import AccessError

from ..delivery.post import RETRIED_ERRORS

_logger = logging.getLogger(__name__)


class MassInvoiceRecipient(models.Model):
    """Letters of a run: printed at once when the run looks at them, and the credit they wait for."""

    _inherit = "mass.invoice.recipient"

    def _mass_invoice_print_waiting(self):
        """Hand the letters these recipients wait for to the postal service now; True when one was tried.

        The first letter tells whether there is credit (a top-up is noticed this way); the others follow
        only when it went. Each letter is committed once printed, as Odoo's snailmail does, so that a
        rollback never prints it again: the caller claims its recipients again afterwards.
        """
        tried = False
        waiting = self.letter_id.filtered(
            lambda letter: (
                letter.state == "pending" or (letter.state == "error" and letter.error_code in RETRIED_ERRORS)
            )
        )
        for letter in waiting.sorted("id"):
            if not letter._mass_invoice_lock_printable():
                continue
            try:
                with self.env.cr.savepoint():
                    if letter._is_valid_address(letter):
                        letter._snailmail_print_valid_address()
                    else:
                        letter._snailmail_print_invalid_address()
            except AccessError as error:
                # The service cannot be reached: the letters stay as they were, for the next pass.
                _logger.info("Mass invoicing: the postal service cannot be reached (%s)", error)
                break
            except Exception:
                # This letter cannot be made (its PDF): left to Odoo's snailmail cron, which records why.
                _logger.exception("Mass invoicing: letter %s could not be printed", letter.id)
                continue
            self.env.cr.commit()  # pylint: disable=invalid-commit
            tried = True
            if letter.state == "error" and letter.error_code in RETRIED_ERRORS:
                break  # refused for credit: the others wait for the same credit
        return tried

    def _mass_invoice_credit_missing(self):
        """Whether the snailmail service refused a letter of this recipient's company for missing credit
        (not topped up since; the credit is the company's).

        Known once per pass (see _mass_invoice_follow_up): a letter refused and then cancelled for a draft
        still tells that the letters behind it cannot go.
        """
        self.ensure_one()
        known = self.env.context.get("mass_invoice_companies_without_credit")
        if known is not None:
            return self.company_id.id in known
        return bool(
            self.env["snailmail.letter"]
            .sudo()
            .search_count(
                [("state", "=", "error"), ("error_code", "=", "CREDIT_ERROR"), ("company_id", "=", self.company_id.id)],
                limit=1,
            )
        )

    def _mass_invoice_letters(self):
        return (
            self.env["snailmail.letter"]
            .sudo()
            .search([("model", "=", "account.move"), ("res_id", "=", self.move_id.id)])
        )
