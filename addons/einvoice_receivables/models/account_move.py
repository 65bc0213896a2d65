import base64
import logging
from collections import defaultdict
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_date, format_datetime

_logger = logging.getLogger(__name__)

# Automatic sending (issue 4)
AUTO_SEND_MOVE_TYPES = ("out_invoice", "out_refund")
AUTO_SEND_RETRY_DELAY = timedelta(hours=1)
AUTO_SEND_SYNC_LIMIT = 20  # action_post_and_send sends this many in the request, queues the rest for the cron


class AccountMove(models.Model):
    _inherit = "account.move"

    einvoice_outgoing = fields.Boolean(
        string="Sent as e-invoice",
        compute="_compute_einvoice_outgoing",
        help="The invoice goes out as an e-invoice: the customer's sending method is Peppol, or no method "
        "is set and the customer is an e-invoice recipient.",
    )

    send_date = fields.Date(
        string="Send Date",
        copy=False,
        tracking=True,
        help="On this date the invoice is posted (if still a draft) and sent to the "
        "customer with its PDF, by the customer's sending method. Leave empty to send "
        "it manually or by the customer's automatic sending setting.",
    )

    # -- Automatic sending (issue 4) --------------------------------------------
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

    # Scheduling

    def _einvoice_schedule(self):
        """Set when each customer invoice is sent automatically, and wake the sending cron then."""
        now = fields.Datetime.now()
        by_due = defaultdict(lambda: self.browse())
        for move in self.filtered(lambda m: m.move_type in AUTO_SEND_MOVE_TYPES and m.state != "cancel"):
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

    # Sending

    @api.model
    def _cron_einvoice_auto_send(self, batch_size=None):
        """Send the due invoices, one batch per call; the cron calls again while some remain."""
        batch_size = batch_size or int(
            self.env["ir.config_parameter"].sudo().get_param("einvoice_receivables.auto_send_batch_size", 50)
        )
        moves = self._einvoice_lock_due(batch_size)
        # Reset to draft without a send date, or cancelled, since it was scheduled: not to be sent.
        stale = moves.filtered(lambda m: m.state == "cancel" or (m.state == "draft" and not m.send_date))
        stale.write({"auto_send_state": False, "auto_send_due": False, "auto_send_error": False})
        (moves - stale)._einvoice_send_now()
        remaining = self.search_count(self._einvoice_due_domain()) if moves else 0
        self.env["ir.cron"]._notify_progress(done=len(moves), remaining=remaining)

    @api.model
    def _einvoice_due_domain(self):
        return [("auto_send_due", "<=", fields.Datetime.now()), ("auto_send_state", "in", ("scheduled", "error"))]

    @api.model
    def _einvoice_lock_due(self, limit):
        """Claim up to `limit` due invoices for this transaction.

        Rows another worker holds are skipped, not waited for: that worker sends them, and marks
        them sent in the same transaction as it queues their emails, so each goes out once.
        The customer is claimed too: composing an invoice email writes on the customer (portal
        sign-up), so two workers sending to one customer at once would collide.
        """
        self.flush_model(["auto_send_due", "auto_send_state"])
        self.env.cr.execute(
            SQL(
                """SELECT move.id
                     FROM account_move move
                     JOIN res_partner customer ON customer.id = move.partner_id
                    WHERE move.auto_send_due <= %s AND move.auto_send_state IN ('scheduled', 'error')
                 ORDER BY move.auto_send_due, move.id
                    LIMIT %s
                      FOR NO KEY UPDATE OF move, customer SKIP LOCKED""",
                fields.Datetime.now(),
                limit,
            )
        )
        moves = self.browse(row[0] for row in self.env.cr.fetchall())
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

    def _einvoice_send_now(self):
        """Post the drafts and send the invoices through Odoo's sender; {move: 'sent' or error text}."""
        outcomes = {}
        for move, error in self._einvoice_post().items():
            outcomes[move] = move._einvoice_record_failure(error)
        to_send = self.filtered(lambda m: m.state == "posted" and m not in outcomes)
        for move in to_send:
            if problem := move._einvoice_sending_problem():
                move._einvoice_record_failure(problem)
                outcomes[move] = problem
        to_send = to_send.filtered(lambda m: m not in outcomes)
        started = fields.Datetime.now()
        for (company, author), moves in to_send.grouped(lambda m: (m.company_id, m._einvoice_author())).items():
            moves._einvoice_send_group(company, author)
        for move in to_send:
            failed_now = move.auto_send_state == "error" and move.auto_send_due > started
            if move.auto_send_state != "sent" and not failed_now:
                # The sending method did not apply (e.g. Peppol not activated for the company): Odoo only made the PDF.
                move._einvoice_record_failure(
                    self.env._(
                        "The invoice was not sent: its sending method (%(method)s) does not apply to this customer "
                        "or company.",
                        method=self.env["account.move.send"]._get_default_sending_method(move),
                    )
                )
            outcomes[move] = "sent" if move.auto_send_state == "sent" else move.auto_send_error
        return outcomes

    def _einvoice_post(self):
        """Post the drafts; {move: error text} for those that refuse (they stay unchanged)."""
        errors = {}
        drafts = self.filtered(lambda m: m.state == "draft")
        if not drafts:
            return errors
        try:
            with self.env.cr.savepoint():
                drafts.action_post()
            return errors
        except (UserError, ValidationError):
            pass  # find which ones refuse to be posted, and post the others
        for move in drafts:
            try:
                with self.env.cr.savepoint():
                    move.action_post()
            except (UserError, ValidationError) as error:
                errors[move] = self.env._("The invoice could not be posted: %(error)s", error=error.args[0])
        return errors

    def _einvoice_sending_problem(self):
        """Why Odoo's sender cannot send this invoice to the customer now (it would only make the PDF)."""
        self.ensure_one()
        method = self.env["account.move.send"]._get_default_sending_method(self)
        if method == "manual":
            return self.env._(
                "The invoice sending of %(customer)s is set to Download: choose by Email or an e-invoice network "
                "on the customer to send it automatically.",
                customer=self.partner_id.display_name,
            )
        if method == "email" and not self.partner_id.email:
            return self.env._("The customer %(customer)s has no email address.", customer=self.partner_id.display_name)
        return False

    def _einvoice_author(self):
        return self.invoice_user_id or self.create_uid

    def _einvoice_send_group(self, company, author):
        sender = self.env["account.move.send"].with_company(company).with_context(einvoice_auto_send=True)
        settings = {"author_user_id": author.id, "author_partner_id": author.partner_id.id}
        # Emails stay queued until the invoices are marked sent, then go out after the commit.
        moves = self.with_context(mail_notify_force_send=False)
        try:
            with self.env.cr.savepoint():
                sender._generate_and_send_invoices(moves, allow_raising=False, **settings)
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
        else:
            self._einvoice_deliver_mails()

    def _einvoice_deliver_mails(self):
        """Send the queued emails of the sent invoices (customer and blind copy) once committed.

        After the commit, so that a rolled back batch sends nothing; a failure reported by the
        mail server then schedules the invoice again (see mail.mail).
        """
        messages = self.filtered(lambda m: m.auto_send_state == "sent").auto_send_message_id
        if messages:
            mails = (
                self.env["mail.mail"]
                .sudo()
                .search([("mail_message_id", "in", messages.ids), ("state", "=", "outgoing")])
            )
            mails.send_after_commit()

    # Outcome

    def _einvoice_record_success(self):
        self.write({"auto_send_state": "sent", "auto_send_due": False, "auto_send_error": False})

    def _einvoice_record_failure(self, error, post_message=True):
        """Keep the invoice scheduled, tried again later, with the error on the invoice and in its chatter."""
        self.ensure_one()
        retry_at = fields.Datetime.now() + AUTO_SEND_RETRY_DELAY
        if post_message and error != self.auto_send_error:
            self.with_context(no_new_invoice=True).message_post(
                body=self.env._(
                    "Automatic sending failed, tried again after %(time)s: %(error)s",
                    time=format_datetime(self.env, retry_at),
                    error=error,
                ),
                message_type="notification",
            )
        self.write({"auto_send_state": "error", "auto_send_due": retry_at, "auto_send_error": error})
        self.env.ref("einvoice_receivables.ir_cron_einvoice_auto_send")._trigger(at=retry_at)
        return error

    # Integration API (XML-RPC)

    def action_post_and_send(self):
        """Post the draft invoices and send them now by each customer's sending method.

        :return: {invoice id (str): 'sent', 'queued' (sent shortly by the cron) or an error text}.
                 Calling again never sends an invoice twice.
        """
        self._einvoice_check_api_access("write")
        outcomes = self._einvoice_refuse_unsendable()
        todo = self.filtered(lambda m: m not in outcomes)
        outcomes.update(dict.fromkeys(todo.filtered(lambda m: m.auto_send_state == "sent"), "sent"))
        todo = todo.filtered(lambda m: m not in outcomes)
        outcomes.update(todo._einvoice_post())
        todo = todo.filtered(lambda m: m not in outcomes)
        at_once, later = todo[:AUTO_SEND_SYNC_LIMIT], todo[AUTO_SEND_SYNC_LIMIT:]
        locked = at_once._einvoice_lock()
        # Another worker is sending the others right now.
        outcomes.update(dict.fromkeys(at_once - locked, "queued"))
        outcomes.update(dict.fromkeys(locked.filtered(lambda m: m.auto_send_state == "sent"), "sent"))
        outcomes.update(locked.filtered(lambda m: m.auto_send_state != "sent")._einvoice_send_now())
        later._einvoice_queue_now()
        outcomes.update(dict.fromkeys(later, "queued"))
        return {str(move.id): outcomes[move] for move in self}

    def action_mark_ready(self):
        """The integration has finished building these invoices: post them and send them when due.

        Due means at once or at the next run, by the customer's automatic sending and the company's
        setting, or on the invoice's send date when it has one.

        :return: {invoice id (str): 'queued' (will be sent automatically), 'posted' (the customer is not on
                 automatic sending and no send date is set), 'sent', or an error text}.
        """
        self._einvoice_check_api_access("write")
        outcomes = self._einvoice_refuse_unsendable()
        todo = self.filtered(lambda m: m not in outcomes)
        outcomes.update(todo._einvoice_post())
        posted = todo.filtered(lambda m: m not in outcomes)
        posted._einvoice_schedule()
        for move in posted:
            outcomes[move] = {"sent": "sent", "scheduled": "queued", "error": move.auto_send_error}.get(
                move.auto_send_state, "posted"
            )
        return {str(move.id): outcomes[move] for move in self}

    def get_pdf(self):
        """The PDF of each posted invoice: {invoice id (str): base64 text}.

        The PDF that was sent when there is one, else a freshly printed one (not stored).
        """
        self._einvoice_check_api_access("read")
        if not_posted := self.filtered(lambda m: m.state != "posted" or not m.is_sale_document()):
            raise UserError(
                self.env._(
                    "Only posted customer invoices and credit notes have a PDF: %(invoices)s",
                    invoices=", ".join(not_posted.mapped("display_name")),
                )
            )
        result = {}
        for move in self:
            content = (
                move.sudo().invoice_pdf_report_id.raw
                or (
                    self.env["ir.actions.report"]
                    .with_company(move.company_id)
                    ._render_qweb_pdf("account.account_invoices", move.ids)[0]
                )
            )
            result[str(move.id)] = base64.b64encode(content).decode()
        return result

    def _einvoice_check_api_access(self, operation):
        if not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(self.env._("Only invoicing users can post, send or print invoices."))
        self.check_access(operation)

    def _einvoice_refuse_unsendable(self):
        """{move: error text} for documents that are not customer invoices or credit notes to send."""
        outcomes = {}
        for move in self:
            if move.move_type not in AUTO_SEND_MOVE_TYPES:
                outcomes[move] = self.env._(
                    "%(move)s is not a customer invoice or credit note.", move=move.display_name
                )
            elif move.state == "cancel":
                outcomes[move] = self.env._("%(move)s is cancelled.", move=move.display_name)
        return outcomes

    def _einvoice_queue_now(self):
        """Let the cron post and send these invoices as soon as it can."""
        if not self:
            return
        self.filtered(lambda m: m.auto_send_state != "error").auto_send_state = "scheduled"
        self.auto_send_due = fields.Datetime.now()
        self.env.ref("einvoice_receivables.ir_cron_einvoice_auto_send")._trigger()

    # Collective invoices (merged from draft invoices of one customer, see wizards/)
    is_collective = fields.Boolean(
        string="Collective Invoice",
        readonly=True,
        copy=False,
        help="This invoice was merged from several draft invoices of one customer; "
        "it keeps one section per merged invoice.",
    )
    collective_invoice_id = fields.Many2one(
        "account.move",
        string="Merged Into",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The collective invoice that bills this invoice's lines instead of it.",
    )
    collective_source_ids = fields.One2many(
        "account.move",
        "collective_invoice_id",
        string="Merged Invoices",
        readonly=True,
        help="The invoices merged into this collective invoice; they are cancelled.",
    )

    @api.depends(
        "move_type",
        "company_id",
        "commercial_partner_id.invoice_sending_method",
        "commercial_partner_id.einvoice_recipient_state",
    )
    @api.depends_context("company")
    def _compute_einvoice_outgoing(self):
        for move in self:
            partner = move.commercial_partner_id.with_company(move.company_id)
            sending_method = partner.invoice_sending_method
            move.einvoice_outgoing = move.is_sale_document() and (
                sending_method == "peppol" or (not sending_method and partner.einvoice_recipient_state == "recipient")
            )

    @api.model
    def get_collective_invoices_without_send_date(self):
        """Draft collective invoices of the current user that still wait for a send date.

        A collective invoice is the user's when they are its salesperson or created it. As the
        invoice date of a draft collective invoice is only provisional, it is due for a send date
        once that date has come (or when it has none).
        """
        user = self.env.user
        return self.search(
            [
                ("is_collective", "=", True),
                ("state", "=", "draft"),
                ("send_date", "=", False),
                "|",
                ("invoice_date", "=", False),
                ("invoice_date", "<=", fields.Date.context_today(self)),
                "|",
                ("invoice_user_id", "=", user.id),
                ("create_uid", "=", user.id),
            ],
            order="invoice_date, id",
        )

    def _get_collective_section_name(self):
        """Title of this invoice's section in a collective invoice, in the customer's language."""
        self.ensure_one()
        number = self.name if self.name and self.name != "/" else False
        customer_env = self.with_context(lang=self.partner_id.lang).env
        invoice_date = self.invoice_date and format_date(customer_env, self.invoice_date)
        parts = [number, invoice_date, self.ref or self.invoice_origin]
        return " - ".join(part for part in parts if part) or self.display_name

    def button_draft(self):
        # A merged invoice is billed by its collective invoice: reopening it would bill it twice.
        merged = self.filtered("collective_invoice_id")
        if merged:
            raise UserError(
                self.env._(
                    "These invoices were merged into a collective invoice and cannot be reset to draft: "
                    "%(invoices)s. Edit the collective invoice %(collectives)s instead.",
                    invoices=", ".join(merged.mapped("display_name")),
                    collectives=", ".join(merged.collective_invoice_id.mapped("display_name")),
                )
            )
        return super().button_draft()
