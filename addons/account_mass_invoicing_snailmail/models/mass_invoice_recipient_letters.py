# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import logging

from odoo import models
from odoo.addons.account_mass_invoicing.delivery.base import DRAFT
from odoo.exceptions import AccessError, UserError
from odoo.tools import html2plaintext

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
            # In the language of the run, as Odoo's reasons for a letter are written into it.
            owners = self.filtered(lambda recipient, letter=letter: recipient.letter_id == letter)
            owners = owners.with_context(lang=owners[:1].run_id._mass_invoice_lang())
            letter = letter.with_env(owners.env)
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
            except UserError as error:
                # Odoo refuses to make this letter (e.g. its paper format is not A4): it waits, saying why.
                _logger.info("Mass invoicing: letter %s cannot be printed (%s)", letter.id, error)
                owners.last_error = owners.env._("The letter cannot be printed: %(reason)s", reason=error.args[0])
                continue
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

    def _mass_invoice_plan_letter(self, index, credit_left):
        """The plan found that a letter is this recipient's way; False when it keeps a draft instead.

        When the run does not wait for credit and the postal credit is known before posting to be short,
        the invoice stays a draft that was never posted, so without a number. `credit_left`: {company id:
        letters the credit still covers} of the plan's batch, read once per company (None: not known).
        """
        self.ensure_one()
        if self.run_id.no_credit_wait:
            company = self.company_id.id
            if company not in credit_left:
                credit_left[company] = self._mass_invoice_credit_left()
            if credit_left[company] is not None and credit_left[company] < 1:
                reason = self.env._("No postal credit: kept as a draft without an invoice number instead of waiting.")
                self._mass_invoice_log("post", DRAFT, reason)
                self.write({"state": "draft", "delivered_method": "draft", "chain_index": index, "last_error": reason})
                return False
            if credit_left[company] is not None:
                credit_left[company] -= 1
        self.letter_planned = True
        return True

    def _mass_invoice_credit_left(self):
        """How many more letters the company's postal credit covers, asked of the service now, or None.

        The letters already made and not printed, and the recipients planned for a letter that is not made
        yet, will use the credit first.
        """
        credit = self.run_id._mass_invoice_postal_credit(fresh=True)
        if credit is None:
            return None
        company = self.company_id.id
        unprinted = (
            self.env["snailmail.letter"]
            .sudo()
            .search_count(
                [
                    ("company_id", "=", company),
                    "|",
                    ("state", "=", "pending"),
                    "&",
                    ("state", "=", "error"),
                    ("error_code", "in", RETRIED_ERRORS),
                ]
            )
        )
        planned = self.sudo().search_count(
            [
                ("company_id", "=", company),
                ("run_id.state", "=", "running"),
                ("state", "=", "to_deliver"),
                ("letter_planned", "=", True),
            ]
        )
        return credit - unprinted - planned

    def _mass_invoice_letter_error(self):
        """Why the postal service refused this recipient's letter: the letter's own reason, as Odoo wrote it
        (its Information), else its error code."""
        letter = self.letter_id
        return html2plaintext(letter.info_msg) if letter.info_msg else letter.error_code

    def _mass_invoice_letters(self):
        return (
            self.env["snailmail.letter"]
            .sudo()
            .search([("model", "=", "account.move"), ("res_id", "=", self.move_id.id)])
        )
