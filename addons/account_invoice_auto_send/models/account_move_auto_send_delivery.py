# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import contextlib
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_datetime

# The feature logs under one name, whichever of its files writes.
from .account_move_auto_send import AUTO_SEND_DELIVERY_CHECK, AUTO_SEND_RETRY_DELAY, _logger


class AccountMove(models.Model):
    """Automatic sending of one locked batch: posting, Odoo's sender, the mails, the outcome."""

    _inherit = "account.move"

    def _auto_send_send_now(self):
        """Post the drafts and send the invoices through Odoo's sender; {move: 'sent' or error text}."""
        outcomes = {}
        for move in self.filtered(lambda m: not m.partner_id):
            outcomes[move] = move._auto_send_record_failure(
                self.env._("The invoice has no customer: set the customer to send it.")
            )
        for move, error in (self - self.browse(m.id for m in outcomes))._auto_send_post().items():
            outcomes[move] = move._auto_send_record_failure(error)
        to_send = self.filtered(lambda m: m.state == "posted" and m not in outcomes)
        for move in to_send:
            if problem := move.with_context(lang=move._auto_send_author().lang)._auto_send_sending_problem():
                move._auto_send_record_failure(problem)
                outcomes[move] = problem
        to_send = to_send.filtered(lambda m: m not in outcomes)
        handed_over = to_send._auto_send_handed_over()
        handed_over._auto_send_record_success()
        outcomes.update(dict.fromkeys(handed_over, "sent"))
        to_send -= handed_over
        sender = self.env["account.move.send"]
        committing = to_send.filtered(lambda m: m._auto_send_sending_commits(sender))
        groups = (to_send - committing).grouped(lambda m: (m.company_id, m._auto_send_author()))
        for (company, author), moves in groups.items():
            started = fields.Datetime.now()
            moves._auto_send_send_group(company, author)
            outcomes.update(moves._auto_send_check_delivered(started))
        # Last: each commits the transaction, which ends this batch's claim on the other invoices.
        for move in committing:
            outcomes[move] = move.with_context(lang=move._auto_send_author().lang)._auto_send_send_committing()
        return outcomes

    def _auto_send_handed_over(self):
        """Those of these invoices an e-invoice network already took (a worker died before recording it).

        Odoo would send them again, as the link to their e-invoice file was rolled back with the
        worker's transaction. None without a network: the glue add-on of a network says which.
        """
        return self.browse()

    def _auto_send_sending_commits(self, sender):
        """Whether Odoo's sender may commit the transaction while sending this invoice.

        Sending by an e-invoice network (Odoo's account_peppol) commits right after the access point
        took the document, so that a later rollback cannot make Odoo send it again. Only email
        and download are known to stay inside the transaction.
        """
        self.ensure_one()
        return sender._can_commit() and sender._get_default_sending_method(self) not in ("email", "manual")

    def _auto_send_check_delivered(self, started):
        """{move: 'sent' or error text} after Odoo's sender ran, failing those it only made a PDF for."""
        outcomes = {}
        for move in self:
            failed_now = move.auto_send_state == "error" and move.auto_send_due > started
            if move.auto_send_state != "sent" and not failed_now:
                # The sending method did not apply (e.g. Peppol not activated for the company): Odoo only made the PDF.
                move._auto_send_record_failure(
                    self.env._(
                        "The invoice was not sent: its sending method (%(method)s) does not apply to this customer "
                        "or company.",
                        method=move._auto_send_sending_method_label(),
                    )
                )
            outcomes[move] = "sent" if move.auto_send_state == "sent" else move.auto_send_error
        return outcomes

    def _auto_send_send_committing(self):
        """Send one invoice by a method that commits (Peppol), in a transaction of its own.

        What this batch did so far is committed first, so Odoo's commit only ever ends a
        transaction that holds this invoice alone; the invoice is locked again (another worker
        may have taken it once the batch's locks were released) and the outcome is committed
        right after. Should the worker die after the access point took the document, the next
        run finds the invoice's Peppol state and counts it sent, without sending again.
        """
        self.ensure_one()
        cr = self.env.cr
        # Committing is the point here: a network's sender commits while sending, so it must end a transaction
        # that holds nothing but this invoice (see the docstring).
        cr.commit()  # pylint: disable=invalid-commit
        move = self._auto_send_lock_unsent()
        if not move:
            return "sent" if self.auto_send_state == "sent" else "queued"
        try:
            started = fields.Datetime.now()
            move._auto_send_send_by_odoo(move.company_id, move._auto_send_author())
            outcome = move._auto_send_check_delivered(started)[move]
            cr.commit()  # pylint: disable=invalid-commit
        except psycopg2.OperationalError:
            cr.rollback()
            return "queued"  # still scheduled: the next run tries again
        except Exception as error:
            cr.rollback()
            move = self._auto_send_lock_unsent()
            if not move:
                return "queued"
            if isinstance(error, UserError):
                outcome = move._auto_send_record_failure(error.args[0])
            else:
                _logger.exception("Automatic sending of invoice %s failed", move.id)
                outcome = move._auto_send_record_failure(
                    self.env._("Unexpected error while sending; see the server log.")
                )
            cr.commit()  # pylint: disable=invalid-commit
        return outcome

    def _auto_send_post(self):
        """Post the drafts; {move: error text} for those that refuse (they stay unchanged)."""
        errors = {}
        drafts = self.filtered(lambda m: m.state == "draft")
        if not drafts:
            return errors
        drafts.filtered("send_date")._auto_send_date_for_sending()
        with contextlib.suppress(UserError, ValidationError), self.env.cr.savepoint():
            drafts.action_post()
            return errors
        # Some refuse to be posted: find which ones, and post the others.
        for move in drafts:
            try:
                with self.env.cr.savepoint():
                    move.action_post()
            except (UserError, ValidationError) as error:
                errors[move] = self.env._("The invoice could not be posted: %(error)s", error=error.args[0])
        return errors

    def _auto_send_date_for_sending(self):
        """Date the drafts the day they go out: their invoice date was provisional until the send date.

        The due date follows from the payment terms; without terms it keeps its distance to the
        invoice date.
        """
        for move in self:
            today = fields.Date.context_today(move.with_context(tz=move.company_id.partner_id.tz or "UTC"))
            if move.invoice_date == today:
                continue
            term_days = (
                (move.invoice_date_due - move.invoice_date).days
                if move.invoice_date and move.invoice_date_due and not move.invoice_payment_term_id
                else None
            )
            move.invoice_date = today
            if term_days is not None:
                move.invoice_date_due = today + timedelta(days=term_days)

    def _auto_send_sending_problem(self):
        """Why Odoo's sender cannot send this invoice to the customer now, or False.

        Checked before sending, as Odoo's send wizard does (its blocking alerts), and for what
        the sender would let pass and only fail later: no email address on the customer (it
        would only make the PDF) and no sender address (the email would fail at the mail server).
        """
        self.ensure_one()
        sender = self.env["account.move.send"].with_company(self.company_id)
        method = sender._get_default_sending_method(self)
        if method == "manual":
            return self.env._(
                "The invoice sending of %(customer)s is set to Download: choose by Email or an e-invoice network "
                "on the customer to send it automatically.",
                customer=self.partner_id.display_name,
            )
        move_data = sender._get_default_sending_settings(self, author_user_id=self._auto_send_author().id)
        alerts = sender._get_alerts(self, {self: move_data})
        if blocking := [alert["message"] for alert in alerts.values() if alert.get("level") == "danger"]:
            return "\n".join(blocking)
        if method == "email":
            if not self.partner_id.email:
                return self.env._(
                    "The customer %(customer)s has no email address.", customer=self.partner_id.display_name
                )
            if not self._auto_send_email_from(sender):
                return self.env._(
                    "The email has no sender address: set an email address on the salesperson %(user)s or on "
                    "the company %(company)s.",
                    user=self._auto_send_author().name,
                    company=self.company_id.name,
                )
        return False

    def _auto_send_email_from(self, sender):
        """The sender address Odoo's invoice email will carry (from the mail template)."""
        template = sender._get_default_mail_template_id(self)
        if not template:
            return False
        lang = sender._get_default_mail_lang(self, template)
        return sender._get_mail_default_field_value_from_template(template, lang, self, "email_from")

    def _auto_send_author(self):
        return self.invoice_user_id or self.create_uid

    def _auto_send_send_group(self, company, author):
        """Send through Odoo's sender in a savepoint: an invoice that breaks the batch fails alone."""
        try:
            with self.env.cr.savepoint():
                self._auto_send_send_by_odoo(company, author)
        except psycopg2.OperationalError:
            raise  # e.g. a concurrent update: the whole batch rolls back and the cron tries it again
        except Exception as error:
            if len(self) > 1:  # find the invoice that breaks the batch, and send the others
                for move in self:
                    move._auto_send_send_group(company, author)
            elif isinstance(error, UserError):
                self._auto_send_record_failure(error.args[0])
            else:
                _logger.exception("Automatic sending of invoice %s failed", self.id)
                self._auto_send_record_failure(self.env._("Unexpected error while sending; see the server log."))

    def _auto_send_send_by_odoo(self, company, author):
        """Send through the one adapter of the automatic paths, as the automatic sending (or the owner it has)."""
        sender = self.env["account.move.send"].with_company(company)
        settings = {"author_user_id": author.id, "author_partner_id": author.partner_id.id}
        # Emails stay queued until the invoices are marked sent, then go out after the commit.
        moves = self.with_context(mail_notify_force_send=False)
        errors = sender._send_owner_send(moves, "auto_send", **settings)
        for move in self.filtered(lambda m: m.id in errors):
            # Odoo's sender logged the error in the chatter already.
            move._auto_send_record_failure(errors[move.id], post_message=False)
        self._auto_send_deliver_mails()

    def _auto_send_deliver_mails(self):
        """Deliver the queued emails of the sent invoices (customer and blind copy) once committed.

        After the commit, so that a rolled back batch sends nothing, and one email per transaction
        (see mail.mail). Should the worker stop during delivery, the sending runs again shortly
        and delivers what is left. A failure reported by the mail server schedules the invoice again.
        """
        messages = self.filtered(lambda m: m.auto_send_state == "sent").auto_send_message_id
        if not messages:
            return
        mails = (
            self.env["mail.mail"].sudo().search([("mail_message_id", "in", messages.ids), ("state", "=", "outgoing")])
        )
        if mails and self.env["account.move.send"]._can_commit():
            self.env.ref("account_invoice_auto_send.ir_cron_einvoice_auto_send")._trigger(
                at=fields.Datetime.now() + AUTO_SEND_DELIVERY_CHECK
            )
        mails._auto_send_deliver()

    @api.model
    def _auto_send_deliver_interrupted(self):
        """Deliver the emails of sent invoices that a worker left queued when it stopped."""
        self.env["mail.mail"].flush_model(["state", "mail_message_id"])
        self.env.cr.execute(
            SQL(
                """SELECT mail.id
                     FROM mail_mail mail
                     JOIN account_move move ON move.auto_send_message_id = mail.mail_message_id
                    WHERE mail.state = 'outgoing' AND move.auto_send_state = 'sent'
                 ORDER BY mail.id"""
            )
        )
        self.env["mail.mail"].sudo().browse(row[0] for row in self.env.cr.fetchall())._auto_send_deliver()

    # ------------------------------------------------------------------
    # Private helpers: outcome
    # ------------------------------------------------------------------

    def _auto_send_record_success(self):
        self.write({"auto_send_state": "sent", "auto_send_due": False, "auto_send_error": False})

    def _auto_send_record_failure(self, error, post_message=True):
        """Keep the invoice scheduled, tried again later, with the error on the invoice and in its chatter."""
        self.ensure_one()
        retry_at = fields.Datetime.now() + AUTO_SEND_RETRY_DELAY
        # In the time zone and language of the person who follows the invoice up, as the banner shows it.
        author = self._auto_send_author()
        tz = author.tz or self.company_id.partner_id.tz or "UTC"
        author_env = self.with_context(lang=author.lang, tz=tz).env
        if post_message and error != self.auto_send_error:
            # A note, not a message: it must not need a sender address (that may be the error itself).
            self.with_context(no_new_invoice=True)._message_log(
                body=author_env._(
                    "Automatic sending failed, tried again after %(time)s: %(error)s",
                    time=format_datetime(author_env, retry_at, tz=tz),
                    error=error,
                ),
            )
        self.write({"auto_send_state": "error", "auto_send_due": retry_at, "auto_send_error": error})
        self.env.ref("account_invoice_auto_send.ir_cron_einvoice_auto_send")._trigger(at=retry_at)
        return error
