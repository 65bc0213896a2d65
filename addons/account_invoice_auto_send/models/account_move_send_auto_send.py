# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import functools
import subprocess

from markupsafe import Markup

from odoo import api, models
from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

from .account_move_auto_send import AUTO_SEND_OWNERS


@functools.cache
def wkhtmltopdf_prints_one_document_per_call():
    """Whether the installed wkhtmltopdf lacks the patched Qt, as Debian's build does.

    Without it, printing several invoices in one call writes an empty file, and Odoo's sending
    fails on it.
    """
    try:
        version = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return False  # no wkhtmltopdf: Odoo says so itself
    return "patched qt" not in version.lower()


class AccountMoveSend(models.AbstractModel):
    """Hooks into Odoo's own invoice sender to record the outcome of automatic sending.

    Automatic sending (cron, send date, integration API) sends through the adapter
    ``_send_owner_send``, which names its owner in the context key ``send_owner``; the documents,
    the mail template in the customer's language and the customer's sending method (email, or
    Peppol with account_invoice_auto_send_peppol) stay Odoo's.
    """

    _inherit = "account.move.send"

    @api.model
    def _hook_if_success(self, moves_data):
        result = super()._hook_if_success(moves_data)
        delivered = self.env["account.move"].union(
            *(move for move, move_data in moves_data.items() if self._auto_send_is_delivered(move, move_data))
        )
        if self.env.context.get("send_owner") in AUTO_SEND_OWNERS:
            delivered._auto_send_record_success()
        return result

    @api.model
    def _auto_send_is_delivered(self, move, move_data):
        """Whether one of the sending methods really sent the invoice (not only made its PDF)."""
        return any(
            method != "manual" and self._is_applicable_to_move(method, move, **move_data)
            for method in move_data["sending_methods"]
        )

    @api.model
    def _prepare_invoice_pdf_report(self, invoices_data):
        # As account.pdf_generation_batch = 0 would, but by itself: print invoice by invoice
        # with a wkhtmltopdf that cannot print several documents in one call.
        if len(invoices_data) > 1 and wkhtmltopdf_prints_one_document_per_call():
            for invoice, invoice_data in invoices_data.items():
                super()._prepare_invoice_pdf_report({invoice: invoice_data})
            return None
        return super()._prepare_invoice_pdf_report(invoices_data)

    @api.model
    def _send_mail(self, move, mail_template, **kwargs):
        result = super()._send_mail(move, mail_template, **kwargs)
        if self.env.context.get("send_owner") in AUTO_SEND_OWNERS:
            message = self.env["mail.message"].search(
                [("model", "=", move._name), ("res_id", "=", move.id)], order="id desc", limit=1
            )
            move.auto_send_message_id = message
            self._auto_send_send_blind_copy(move, message)
        return result

    @api.model
    def _auto_send_send_blind_copy(self, move, message):
        """Mail a copy of the sent invoice to the company's control person, outside the customer's email.

        The copy is a separate email linked to the chatter message: the customer's email
        never names it, and its delivery does not decide whether the invoice counts as sent.
        """
        recipient = move._auto_send_blind_copy_recipient()
        if not recipient.email:
            return
        customer = move.partner_id
        note = self.with_context(lang=recipient.lang).env._(
            "Copy of %(invoice)s, sent automatically to %(customer)s <%(email)s>.",
            invoice=move.name,
            customer=customer.name,
            email=customer.email,
        )
        # Queued: sent with the customer's email once the invoice is marked sent (see account.move).
        (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    # Subject, sender and attachments come with the (shared) chatter message.
                    "mail_message_id": message.id,
                    "email_to": recipient.email_formatted,
                    "body_html": Markup("<p><i>%s</i></p>%s") % (note, message.body),
                    # A notification of the message: sending (and deleting) it keeps the chatter message.
                    "is_notification": True,
                    "auto_delete": True,
                }
            )
        )
