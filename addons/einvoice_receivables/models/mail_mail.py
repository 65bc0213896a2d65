# One file per feature of the model (see STYLE.md), so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import re

from odoo import models

# "[Errno 111] Connection refused" -> "Connection refused"; a bare number says nothing to a user.
ERRNO_PREFIX = re.compile(r"^\s*(\[Errno -?\d+\]\s*|-?\d+\s*$)")


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        if failure_type:
            self._einvoice_requeue_failed_invoices(success_pids, failure_reason, failure_type)
        return super()._postprocess_sent_message(success_pids, failure_reason=failure_reason, failure_type=failure_type)

    def _einvoice_requeue_failed_invoices(self, success_pids, failure_reason, failure_type):
        """An automatically sent invoice whose email did not reach the customer is sent again later."""
        mails = self.filtered(lambda mail: mail.is_notification and mail.model == "account.move")
        if not mails:
            return
        moves = (
            self.env["account.move"]
            .sudo()
            .search([("auto_send_message_id", "in", mails.mail_message_id.ids), ("auto_send_state", "=", "sent")])
        )
        mails_by_message = mails.grouped("mail_message_id")
        for move in moves:
            # Only the customer's email counts: a failed blind copy does not make the invoice unsent.
            customer_mail = mails_by_message[move.auto_send_message_id].filtered_domain(
                [("recipient_ids", "in", move.partner_id.ids)]
            )[:1]
            if not customer_mail or move.partner_id.id in success_pids:
                continue
            # Written in the language of the person who follows the invoice up.
            move_env = move.with_context(lang=move._einvoice_author().lang).env
            reason = failure_reason or customer_mail.failure_reason
            move._einvoice_record_failure(self._einvoice_failure_text(move_env, move, reason, failure_type))

    def _einvoice_failure_text(self, env, move, failure_reason, failure_type):
        """One line: who, what went wrong (translated), and the mail server's own words without error numbers."""
        kind = dict(env["mail.notification"]._fields["failure_type"]._description_selection(env)).get(
            failure_type, failure_type
        )
        detail = ERRNO_PREFIX.sub("", (failure_reason or "").strip()).strip()
        if detail:
            return env._(
                "The email to %(customer)s could not be delivered: %(kind)s (%(detail)s).",
                customer=move.partner_id.name,
                kind=kind,
                detail=" ".join(detail.split()),
            )
        return env._(
            "The email to %(customer)s could not be delivered: %(kind)s.", customer=move.partner_id.name, kind=kind
        )
