# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import contextlib
import logging
import re
import smtplib

import psycopg2

from odoo import SUPERUSER_ID, api, fields, models
from odoo.api import Transaction
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# "[Errno 111] Connection refused" -> "Connection refused"; a bare number says nothing to a user.
ERRNO_PREFIX = re.compile(r"^\s*(\[Errno -?\d+\]\s*|-?\d+\s*$)")


# First key of the advisory lock held while an email of an automatically sent invoice is delivered
# (second key: the mail id). A session lock: it outlives the commits of the delivery and goes with
# the database connection of a worker that dies.
DELIVERY_LOCK_KEY = 74_310_216


class MailMail(models.Model):
    _inherit = "mail.mail"

    einvoice_delivery_started = fields.Datetime(
        string="Delivery Started",
        copy=False,
        readonly=True,
        help="Set, and committed, just before the email of an automatically sent invoice is handed to the mail "
        "server; still set when the worker stopped before it could record the outcome.",
    )

    # ------------------------------------------------------------------
    # Delivery of the emails of automatically sent invoices
    # ------------------------------------------------------------------

    def _auto_send_deliver(self):
        """Deliver these queued emails once the current transaction is committed, each in a transaction of its own.

        Each email's outcome is committed right after the mail server answered, so a worker that
        dies during delivery leaves at most the one email it was handing over undecided.
        """
        if not self:
            return
        if not self.env["account.move.send"]._can_commit():
            self.send()  # under tests the transaction never commits: send on it
            return
        registry, mail_ids, context = self.env.registry, self.ids, self.env.context

        @self.env.cr.postcommit.add
        def deliver_one_by_one():
            with registry.cursor() as cr:
                # The registry at hand: looking it up by name would wait while the registry loads.
                cr.transaction = Transaction(registry)
                env = api.Environment(cr, SUPERUSER_ID, context)
                env["mail.mail"].browse(mail_ids)._auto_send_deliver_committing()

    def _auto_send_deliver_committing(self):
        """Send each email in a transaction of its own and commit its outcome (see _auto_send_deliver)."""
        for mail_server_id, alias_domain_id, smtp_from, batch_ids in self._split_by_mail_configuration():
            batch = self.browse(batch_ids)
            try:
                smtp_session = self.env["ir.mail_server"].connect(mail_server_id=mail_server_id, smtp_from=smtp_from)
            except Exception:
                batch._auto_send_deliver_each_committing()  # Odoo's send records why on each email
                continue
            try:
                batch._auto_send_deliver_each_committing(
                    {
                        "smtp_session": smtp_session,
                        "alias_domain_id": alias_domain_id,
                        "mail_server": self.env["ir.mail_server"].browse(mail_server_id),
                    }
                )
            finally:
                if smtp_session:  # none under tests
                    with contextlib.suppress(smtplib.SMTPException, OSError):
                        smtp_session.quit()

    def _auto_send_deliver_each_committing(self, session_kwargs=None):
        """One email at a time: start recorded and committed, handed over, outcome committed."""
        cr = self.env.cr
        for mail in self:
            if not mail._auto_send_try_delivery_lock():
                continue  # another worker is delivering it right now
            try:
                if mail._auto_send_start_delivery():
                    if session_kwargs:
                        mail._send(**session_kwargs)
                    else:
                        mail.send()
                    mail.exists().einvoice_delivery_started = False
                    cr.commit()  # pylint: disable=invalid-commit
            except (psycopg2.Error, smtplib.SMTPServerDisconnected):
                # Whether the mail server took the email is unknown: the next run sends it again, saying so.
                _logger.warning("Delivery of mail %s interrupted; left to the next run", mail.id, exc_info=True)
                cr.rollback()
                if session_kwargs:
                    return  # the session is unusable
            finally:
                mail._auto_send_release_delivery_lock()

    def _auto_send_try_delivery_lock(self):
        self.env.cr.execute(SQL("SELECT pg_try_advisory_lock(%s, %s)", DELIVERY_LOCK_KEY, self.id))
        return self.env.cr.fetchone()[0]

    def _auto_send_release_delivery_lock(self):
        cr = self.env.cr
        # After an SQL error the transaction refuses every statement: roll it back first (it is lost anyway).
        if cr._cnx.info.transaction_status == psycopg2.extensions.TRANSACTION_STATUS_INERROR:
            cr.rollback()
        cr.execute(SQL("SELECT pg_advisory_unlock(%s, %s)", DELIVERY_LOCK_KEY, self.id))
        cr.commit()  # pylint: disable=invalid-commit

    def _auto_send_start_delivery(self):
        """Record, committed, that this email is handed to the mail server now; lock it for the hand-over.

        False when there is nothing to deliver (sent meanwhile, or Odoo's mail queue is sending it).
        A start recorded earlier, with the delivery lock free, means the worker that started it died
        before it knew whether the mail server took the email: it may reach the customer twice.
        """
        cr = self.env.cr
        cr.commit()  # pylint: disable=invalid-commit
        self.invalidate_recordset()
        if self.state != "outgoing":
            return False
        if self.einvoice_delivery_started:
            self._auto_send_note_possible_duplicate()
        self.einvoice_delivery_started = fields.Datetime.now()
        cr.commit()  # pylint: disable=invalid-commit
        # Odoo's mail queue writes on the email before sending it: it waits for this lock, then fails.
        cr.execute(
            SQL(
                "SELECT id FROM mail_mail WHERE id = %s AND state = 'outgoing' FOR NO KEY UPDATE SKIP LOCKED",
                self.id,
            )
        )
        return bool(cr.fetchone())

    def _auto_send_note_possible_duplicate(self):
        moves = self.env["account.move"].search([("auto_send_message_id", "=", self.mail_message_id.id)])
        for move in moves:
            move_env = move.with_context(lang=move._auto_send_author().lang).env
            move.with_context(no_new_invoice=True)._message_log(
                body=move_env._(
                    "The email to %(recipients)s may have been sent twice: the server stopped during delivery.",
                    recipients=self.email_to or ", ".join(self.recipient_ids.mapped("name")),
                )
            )

    # ------------------------------------------------------------------
    # Failed delivery: the invoice is sent again
    # ------------------------------------------------------------------

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        if failure_type:
            self._auto_send_requeue_failed_invoices(success_pids, failure_reason, failure_type)
        return super()._postprocess_sent_message(success_pids, failure_reason=failure_reason, failure_type=failure_type)

    def _auto_send_requeue_failed_invoices(self, success_pids, failure_reason, failure_type):
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
            move_env = move.with_context(lang=move._auto_send_author().lang).env
            reason = failure_reason or customer_mail.failure_reason
            move._auto_send_record_failure(self._auto_send_failure_text(move_env, move, reason, failure_type))

    def _auto_send_failure_text(self, env, move, failure_reason, failure_type):
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
