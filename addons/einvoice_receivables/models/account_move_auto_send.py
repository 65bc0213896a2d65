# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import contextlib
import logging
import threading
import time
from collections import defaultdict
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, config
from odoo.tools.misc import format_datetime

_logger = logging.getLogger(__name__)

AUTO_SEND_RETRY_DELAY = timedelta(hours=1)
# The sending runs again this long after a batch, to deliver what a worker that stopped left queued.
AUTO_SEND_DELIVERY_CHECK = timedelta(minutes=5)


class CronTimeBudget:
    """How many invoices still fit in this cron run before the worker's real-time limit stops it.

    Odoo stops a cron thread that ran longer than `limit_time_real_cron` (or `limit_time_real`
    when that is not set): the prefork server kills the worker, the threaded one restarts. The
    clock counts from the start of the run of all due jobs (the thread's `start_time` on the
    threaded server; in a prefork worker, from the first call of this job's run). Half the limit is
    used; the rest is margin for the other jobs and a slow invoice.
    """

    SHARE = 0.5
    FIRST_ESTIMATE = 3.0  # seconds per invoice (PDF and email) until this run measured its own
    _prefork_run_starts = {}

    def __init__(self, env):
        self.started = self._run_started(env)
        self.limit = self._real_time_limit()
        self.seconds_per_invoice = self.FIRST_ESTIMATE
        self.invoices = 0
        self.seconds = 0.0

    def batch_size(self, max_size):
        """Invoices for the next batch: at most `max_size`, and no more than fit in the time left."""
        if not self.limit:
            return max_size
        left = self.limit * self.SHARE - (time.time() - self.started)
        return max(0, min(max_size, int(left / self.seconds_per_invoice)))

    def record(self, invoices, seconds):
        self.invoices += invoices
        self.seconds += seconds
        if self.invoices:
            self.seconds_per_invoice = self.seconds / self.invoices

    @staticmethod
    def _real_time_limit():
        cron_limit = config["limit_time_real_cron"] or 0
        return cron_limit if cron_limit > 0 else max(config["limit_time_real"] or 0, 0)

    @classmethod
    def _run_started(cls, env):
        if started := getattr(threading.current_thread(), "start_time", None):
            return started
        if not env.context.get("cron_id"):
            return time.time()
        # The calls of one run share the job's last call time; older runs are forgotten.
        key = (env.context["cron_id"], env.context.get("lastcall"))
        if key not in cls._prefork_run_starts:
            cls._prefork_run_starts = {key: time.time()}
        return cls._prefork_run_starts[key]


class AccountMove(models.Model):
    _inherit = "account.move"

    send_date = fields.Date(
        copy=False,
        tracking=True,
        help="On this date the invoice is posted (if still a draft) and sent to the "
        "customer with its PDF, by the customer's sending method. A draft's invoice date "
        "is provisional: it is dated the day it goes out, and its due date follows from "
        "the payment terms. Leave empty to send it manually or by the customer's automatic "
        "sending setting.",
    )

    auto_send_state = fields.Selection(
        selection=[("scheduled", "Scheduled"), ("sent", "Sent"), ("error", "Error")],
        string="Automatic Sending",
        copy=False,
        readonly=True,
        tracking=True,
        help="Scheduled: the invoice is sent automatically when due (its send date, or the customer's automatic "
        "sending). Sent: it went out by the customer's sending method. Error: the last try failed (see the "
        "error); it is tried again automatically.",
    )
    auto_send_due = fields.Datetime(
        string="Sending Due",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="When the invoice is sent automatically, or tried again after an error.",
    )
    auto_send_error = fields.Text(
        string="Sending Error", copy=False, readonly=True, help="Why the last automatic sending failed."
    )
    auto_send_message_id = fields.Many2one(
        comodel_name="mail.message",
        string="Sending Message",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The chatter message that sent the invoice automatically; if its email fails, the invoice is "
        "scheduled again.",
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("send_date", "move_type")
    def _check_send_date(self):
        # Only what goes to a customer is sent on a date; a bill or bank entry must not carry one.
        if wrong := self.filtered(lambda m: m.send_date and not m.is_sale_document(include_receipts=False)):
            raise ValidationError(
                self.env._(
                    "Only customer invoices and credit notes can have a send date: %(moves)s",
                    moves=", ".join(wrong.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------
    # CRUD: every change of state or send date reschedules
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        moves.filtered("send_date")._einvoice_schedule()
        return moves

    def write(self, vals):
        result = super().write(vals)
        if "send_date" in vals:
            self._einvoice_schedule()
        return result

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._einvoice_schedule()
        return posted

    # ------------------------------------------------------------------
    # Actions (scheduled action)
    # ------------------------------------------------------------------

    @api.model
    def _cron_einvoice_auto_send(self, batch_size=None):
        """Send the due invoices in batches that fit the worker's time limit; the cron calls again while some remain.

        First the emails of sent invoices that a stopped worker left queued. Each batch is committed
        (which delivers its emails, one transaction per email) before the next is claimed.
        """
        committing = self.env["account.move.send"]._can_commit()
        self._einvoice_deliver_interrupted()
        if committing:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        max_size = batch_size or int(
            self.env["ir.config_parameter"].sudo().get_param("einvoice_receivables.auto_send_batch_size", 50)
        )
        budget = CronTimeBudget(self.env)
        done, out_of_time = 0, False
        while True:
            size = budget.batch_size(max_size) if committing else max_size
            if not size:
                out_of_time = True
                break
            started = time.monotonic()
            moves = self._einvoice_send_due(size)
            done += len(moves)
            if len(moves) < size or not committing:
                break
            self.env.cr.commit()  # pylint: disable=invalid-commit
            budget.record(len(moves), time.monotonic() - started)
        remaining = self.search_count(self._einvoice_due_domain()) if done or out_of_time else 0
        if remaining and out_of_time:
            # The next run, with a clock of its own, sends the rest.
            self.env.ref("einvoice_receivables.ir_cron_einvoice_auto_send")._trigger()
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    @api.model
    def _einvoice_send_due(self, limit):
        """Claim up to `limit` due invoices and send them; the invoices claimed."""
        moves = self._einvoice_lock_due(limit)
        # Reset to draft without a send date, or cancelled, since it was scheduled: not to be sent.
        stale = moves.filtered(lambda m: m.state == "cancel" or (m.state == "draft" and not m.send_date))
        stale.write({"auto_send_state": False, "auto_send_due": False, "auto_send_error": False})
        (moves - stale)._einvoice_send_now()
        return moves

    # ------------------------------------------------------------------
    # Private helpers: scheduling
    # ------------------------------------------------------------------

    def _einvoice_schedule(self):
        """Set when each customer invoice is sent automatically, and wake the sending cron then."""
        now = fields.Datetime.now()
        by_due = defaultdict(lambda: self.browse())
        for move in self.filtered(lambda m: m.is_sale_document(include_receipts=False) and m.state != "cancel"):
            if move.auto_send_state == "sent":
                continue
            due = move._einvoice_due_time(now)
            if due != move.auto_send_due:
                by_due[due] |= move
        for due, moves in by_due.items():
            if due:
                moves.filtered(lambda m: m.auto_send_state != "error").auto_send_state = "scheduled"
                moves.auto_send_due = due
            else:
                moves.write({"auto_send_state": False, "auto_send_due": False, "auto_send_error": False})
        for due in {max(due, now) for due in by_due if due}:
            self.env.ref("einvoice_receivables.ir_cron_einvoice_auto_send")._trigger(at=due)

    def _einvoice_due_time(self, now):
        """The send date (at midnight, company time), else the customer's automatic sending slot, else False."""
        self.ensure_one()
        if self.send_date:
            return self.company_id._einvoice_midnight(self.send_date)
        auto_send = self.commercial_partner_id.with_company(self.company_id).invoice_auto_send
        if self.state != "posted" or not auto_send:
            return False
        slot = self.company_id._einvoice_next_send_slot(now)
        # Already waiting (e.g. for a retry): never postpone it by scheduling again.
        return min(self.auto_send_due, slot) if self.auto_send_due else slot

    def _einvoice_blind_copy_recipient(self):
        self.ensure_one()
        company = self.company_id
        if not company.invoice_auto_send_bcc:
            return self.env["res.partner"]
        return company.invoice_auto_send_bcc_partner_id or (self.invoice_user_id or self.create_uid).partner_id

    # ------------------------------------------------------------------
    # Private helpers: claiming and sending
    # ------------------------------------------------------------------

    @api.model
    def _einvoice_due_domain(self):
        return [("auto_send_due", "<=", fields.Datetime.now()), ("auto_send_state", "in", ("scheduled", "error"))]

    @api.model
    def _einvoice_lock_due(self, limit):
        """Claim up to `limit` due invoices for this transaction.

        Rows another worker holds are skipped, not waited for: that worker sends them, and marks
        them sent in the same transaction as it queues their emails, so each goes out once.
        The customer is claimed too: composing an invoice email writes on the customer (portal
        sign-up), so two workers sending to one customer at once would collide. Invoices without
        a customer are claimed as well, to end in an error the user sees.
        """
        self.flush_model(["auto_send_due", "auto_send_state", "partner_id"])
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """SELECT move.id
                     FROM account_move move
                     JOIN res_partner customer ON customer.id = move.partner_id
                    WHERE move.auto_send_due <= %s AND move.auto_send_state IN ('scheduled', 'error')
                 ORDER BY move.auto_send_due, move.id
                    LIMIT %s
                      FOR NO KEY UPDATE OF move, customer SKIP LOCKED""",
                now,
                limit,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if len(ids) < limit:
            # FOR UPDATE cannot lock the missing side of an outer join: a query of their own.
            self.env.cr.execute(
                SQL(
                    """SELECT id
                         FROM account_move
                        WHERE auto_send_due <= %s AND auto_send_state IN ('scheduled', 'error')
                          AND partner_id IS NULL
                     ORDER BY auto_send_due, id
                        LIMIT %s
                          FOR NO KEY UPDATE SKIP LOCKED""",
                    now,
                    limit - len(ids),
                )
            )
            ids += [row[0] for row in self.env.cr.fetchall()]
        moves = self.browse(ids)
        moves.invalidate_recordset()
        return moves

    def _einvoice_lock(self):
        """The invoices of self that no other transaction is sending right now, locked for this one."""
        if not self:
            return self
        self.flush_recordset()
        self.env.cr.execute(SQL("SELECT id FROM account_move WHERE id IN %s FOR UPDATE SKIP LOCKED", tuple(self.ids)))
        locked = self.browse(row[0] for row in self.env.cr.fetchall())
        locked.invalidate_recordset()
        return self.filtered(lambda m: m in locked)

    def _einvoice_lock_unsent(self):
        """Lock this invoice again after a commit released the claim; empty if another worker has it or sent it."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                """SELECT move.id
                     FROM account_move move
                    WHERE move.id = %s AND move.auto_send_state IS DISTINCT FROM 'sent' AND move.state = 'posted'
                      FOR NO KEY UPDATE SKIP LOCKED""",
                self.id,
            )
        )
        locked = self.browse(row[0] for row in self.env.cr.fetchall())
        locked.invalidate_recordset()
        return locked

    def _einvoice_send_now(self):
        """Post the drafts and send the invoices through Odoo's sender; {move: 'sent' or error text}."""
        outcomes = {}
        for move in self.filtered(lambda m: not m.partner_id):
            outcomes[move] = move._einvoice_record_failure(
                self.env._("The invoice has no customer: set the customer to send it.")
            )
        for move, error in (self - self.browse(m.id for m in outcomes))._einvoice_post().items():
            outcomes[move] = move._einvoice_record_failure(error)
        to_send = self.filtered(lambda m: m.state == "posted" and m not in outcomes)
        for move in to_send:
            if problem := move.with_context(lang=move._einvoice_author().lang)._einvoice_sending_problem():
                move._einvoice_record_failure(problem)
                outcomes[move] = problem
        to_send = to_send.filtered(lambda m: m not in outcomes)
        # Already with the Peppol access point (a worker died before recording it): Odoo would send it again,
        # as the link to its e-invoice file was rolled back with the worker's transaction.
        handed_over = to_send.filtered(lambda m: m.peppol_move_state in ("processing", "done"))
        handed_over._einvoice_record_success()
        outcomes.update(dict.fromkeys(handed_over, "sent"))
        to_send -= handed_over
        sender = self.env["account.move.send"]
        committing = to_send.filtered(lambda m: m._einvoice_sending_commits(sender))
        groups = (to_send - committing).grouped(lambda m: (m.company_id, m._einvoice_author()))
        for (company, author), moves in groups.items():
            started = fields.Datetime.now()
            moves._einvoice_send_group(company, author)
            outcomes.update(moves._einvoice_check_delivered(started))
        # Last: each commits the transaction, which ends this batch's claim on the other invoices.
        for move in committing:
            outcomes[move] = move.with_context(lang=move._einvoice_author().lang)._einvoice_send_committing()
        return outcomes

    def _einvoice_sending_commits(self, sender):
        """Whether Odoo's sender may commit the transaction while sending this invoice.

        Sending by an e-invoice network (account_peppol) commits right after the access point
        took the document, so that a later rollback cannot make Odoo send it again. Only email
        and download are known to stay inside the transaction.
        """
        self.ensure_one()
        return sender._can_commit() and sender._get_default_sending_method(self) not in ("email", "manual")

    def _einvoice_check_delivered(self, started):
        """{move: 'sent' or error text} after Odoo's sender ran, failing those it only made a PDF for."""
        outcomes = {}
        for move in self:
            failed_now = move.auto_send_state == "error" and move.auto_send_due > started
            if move.auto_send_state != "sent" and not failed_now:
                # The sending method did not apply (e.g. Peppol not activated for the company): Odoo only made the PDF.
                move._einvoice_record_failure(
                    self.env._(
                        "The invoice was not sent: its sending method (%(method)s) does not apply to this customer "
                        "or company.",
                        method=move._einvoice_sending_method_label(),
                    )
                )
            outcomes[move] = "sent" if move.auto_send_state == "sent" else move.auto_send_error
        return outcomes

    def _einvoice_send_committing(self):
        """Send one invoice by a method that commits (Peppol), in a transaction of its own.

        What this batch did so far is committed first, so Odoo's commit only ever ends a
        transaction that holds this invoice alone; the invoice is locked again (another worker
        may have taken it once the batch's locks were released) and the outcome is committed
        right after. Should the worker die after the access point took the document, the next
        run finds the invoice's Peppol state and counts it sent, without sending again.
        """
        self.ensure_one()
        cr = self.env.cr
        # Committing is the point here: account_peppol commits while sending, so it must end a transaction
        # that holds nothing but this invoice (see the docstring).
        cr.commit()  # pylint: disable=invalid-commit
        move = self._einvoice_lock_unsent()
        if not move:
            return "sent" if self.auto_send_state == "sent" else "queued"
        try:
            started = fields.Datetime.now()
            move._einvoice_send_by_odoo(move.company_id, move._einvoice_author())
            outcome = move._einvoice_check_delivered(started)[move]
            cr.commit()  # pylint: disable=invalid-commit
        except psycopg2.OperationalError:
            cr.rollback()
            return "queued"  # still scheduled: the next run tries again
        except Exception as error:
            cr.rollback()
            move = self._einvoice_lock_unsent()
            if not move:
                return "queued"
            if isinstance(error, UserError):
                outcome = move._einvoice_record_failure(error.args[0])
            else:
                _logger.exception("Automatic sending of invoice %s failed", move.id)
                outcome = move._einvoice_record_failure(
                    self.env._("Unexpected error while sending; see the server log.")
                )
            cr.commit()  # pylint: disable=invalid-commit
        return outcome

    def _einvoice_post(self):
        """Post the drafts; {move: error text} for those that refuse (they stay unchanged)."""
        errors = {}
        drafts = self.filtered(lambda m: m.state == "draft")
        if not drafts:
            return errors
        drafts.filtered("send_date")._einvoice_date_for_sending()
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

    def _einvoice_date_for_sending(self):
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

    def _einvoice_sending_problem(self):
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
        move_data = sender._get_default_sending_settings(self, author_user_id=self._einvoice_author().id)
        alerts = sender._get_alerts(self, {self: move_data})
        if blocking := [alert["message"] for alert in alerts.values() if alert.get("level") == "danger"]:
            return "\n".join(blocking)
        if method == "email":
            if not self.partner_id.email:
                return self.env._(
                    "The customer %(customer)s has no email address.", customer=self.partner_id.display_name
                )
            if not self._einvoice_email_from(sender):
                return self.env._(
                    "The email has no sender address: set an email address on the salesperson %(user)s or on "
                    "the company %(company)s.",
                    user=self._einvoice_author().name,
                    company=self.company_id.name,
                )
        return False

    def _einvoice_email_from(self, sender):
        """The sender address Odoo's invoice email will carry (from the mail template)."""
        template = sender._get_default_mail_template_id(self)
        if not template:
            return False
        lang = sender._get_default_mail_lang(self, template)
        return sender._get_mail_default_field_value_from_template(template, lang, self, "email_from")

    def _einvoice_author(self):
        return self.invoice_user_id or self.create_uid

    def _einvoice_send_group(self, company, author):
        """Send through Odoo's sender in a savepoint: an invoice that breaks the batch fails alone."""
        try:
            with self.env.cr.savepoint():
                self._einvoice_send_by_odoo(company, author)
        except psycopg2.OperationalError:
            raise  # e.g. a concurrent update: the whole batch rolls back and the cron tries it again
        except Exception as error:
            if len(self) > 1:  # find the invoice that breaks the batch, and send the others
                for move in self:
                    move._einvoice_send_group(company, author)
            elif isinstance(error, UserError):
                self._einvoice_record_failure(error.args[0])
            else:
                _logger.exception("Automatic sending of invoice %s failed", self.id)
                self._einvoice_record_failure(self.env._("Unexpected error while sending; see the server log."))

    def _einvoice_send_by_odoo(self, company, author):
        sender = self.env["account.move.send"].with_company(company).with_context(einvoice_auto_send=True)
        settings = {"author_user_id": author.id, "author_partner_id": author.partner_id.id}
        # Emails stay queued until the invoices are marked sent, then go out after the commit.
        moves = self.with_context(mail_notify_force_send=False)
        sender._generate_and_send_invoices(moves, allow_raising=False, **settings)
        self._einvoice_deliver_mails()

    def _einvoice_deliver_mails(self):
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
            self.env.ref("einvoice_receivables.ir_cron_einvoice_auto_send")._trigger(
                at=fields.Datetime.now() + AUTO_SEND_DELIVERY_CHECK
            )
        mails._einvoice_deliver()

    @api.model
    def _einvoice_deliver_interrupted(self):
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
        self.env["mail.mail"].sudo().browse(row[0] for row in self.env.cr.fetchall())._einvoice_deliver()

    # ------------------------------------------------------------------
    # Private helpers: outcome
    # ------------------------------------------------------------------

    def _einvoice_record_success(self):
        self.write({"auto_send_state": "sent", "auto_send_due": False, "auto_send_error": False})

    def _einvoice_record_failure(self, error, post_message=True):
        """Keep the invoice scheduled, tried again later, with the error on the invoice and in its chatter."""
        self.ensure_one()
        retry_at = fields.Datetime.now() + AUTO_SEND_RETRY_DELAY
        # In the time zone and language of the person who follows the invoice up, as the banner shows it.
        author = self._einvoice_author()
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
        self.env.ref("einvoice_receivables.ir_cron_einvoice_auto_send")._trigger(at=retry_at)
        return error
