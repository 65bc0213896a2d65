import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, format_amount, format_date

_logger = logging.getLogger(__name__)

AMOUNT_COLUMNS = (
    "open_amount",
    "overdue_amount",
    "unapplied_credit",
    "not_due_amount",
    "days_1_30",
    "days_31_60",
    "days_61_90",
    "days_over_90",
)


class PaymentReminder(models.Model):
    """The correspondence with a customer about unpaid invoices: emailed reminders and call notes."""

    _name = "payment.reminder"
    _description = "Payment reminder or call note"
    _order = "date desc, id desc"
    _check_company_auto = True

    kind = fields.Selection(
        selection=[("email", "Emailed reminder"), ("call", "Call note")],
        required=True,
        default="call",
        readonly=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        domain="[('is_company', '=', True)]",
        ondelete="cascade",
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today)
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        help="Gets the follow-up activity on the next-reminder date.",
    )
    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        check_company=True,
        domain="[('commercial_partner_id', '=', partner_id), ('move_type', 'in', ('out_invoice', 'out_receipt'))]",
        help="The overdue invoice the call was about, if one.",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact person",
        domain="[('commercial_partner_id', '=', partner_id)]",
        help="Who was spoken to.",
    )
    note = fields.Text(string="What was promised")
    promised_date = fields.Date(string="Promised payment date")
    next_reminder_date = fields.Date(
        string="Next reminder",
        help="The customer is not reminded before this date, and is due for a reminder on it. The responsible "
        "user gets an activity for that day.",
    )
    activity_id = fields.Many2one("mail.activity", string="Follow-up activity", ondelete="set null", readonly=True)
    # Emailed reminders
    level_id = fields.Many2one("payment.reminder.level", readonly=True)
    invoice_ids = fields.Many2many("account.move", string="Overdue invoices", readonly=True, check_company=True)
    amount_overdue = fields.Monetary(string="Overdue amount", currency_field="currency_id", readonly=True)
    recipient_id = fields.Many2one("res.partner", string="Sent to", readonly=True)
    body = fields.Html(string="Email", readonly=True, sanitize=True)
    state = fields.Selection(
        selection=[
            ("note", "Note"),
            ("queued", "Queued"),
            ("sent", "Sent"),
            ("failed", "Failed"),
            ("not_sent", "Not sent"),
        ],
        default="note",
        required=True,
        readonly=True,
    )
    error = fields.Char(readonly=True)
    mail_id = fields.Many2one("mail.mail", string="Email message", ondelete="set null", readonly=True)
    retry_count = fields.Integer(readonly=True)
    invoice_table = fields.Html(
        compute="_compute_invoice_table",
        sanitize=False,
        help="The overdue invoices as the email lists them, in the language of the context.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends_context("lang")
    @api.depends("invoice_ids", "date")
    def _compute_invoice_table(self):
        qweb = self.env["ir.qweb"]
        for reminder in self:
            reminder.invoice_table = qweb._render(
                "account_payment_reminder.payment_reminder_invoice_table",
                {
                    "reminder": reminder,
                    "format_date": lambda date: format_date(self.env, date),
                    "format_amount": lambda amount, currency: format_amount(self.env, amount, currency),
                },
            )

    def mail_allowed_qweb_expressions(self):
        # Field expressions only: Odoo renders such templates without compiling them (many reminders at
        # once), and users who are not template editors may change the texts around them.
        return (
            *super().mail_allowed_qweb_expressions(),
            "object.recipient_id.name",
            "object.level_id.mail_intro",
            "object.invoice_table",
            "object.company_id.name",
        )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("partner_id"):
                # Reminders and notes belong to the company customer, as invoices do (commercial partner).
                vals["partner_id"] = self.env["res.partner"].browse(vals["partner_id"]).commercial_partner_id.id
        records = super().create(vals_list)
        records.filtered(lambda note: note.kind == "call")._payment_reminder_apply_note()
        return records

    def write(self, vals):
        result = super().write(vals)
        if {"promised_date", "next_reminder_date", "user_id", "note", "move_id"} & set(vals):
            self.filtered(lambda note: note.kind == "call")._payment_reminder_apply_note()
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_edit(self):
        self.ensure_one()
        return self._get_records_action(target="new", context={})

    @api.model
    def get_totals(self, date=None, company_id=None, partner_ids=None, due_only=False):
        """XML-RPC: unpaid customer invoice totals as of `date` (default today), one dict per customer."""
        company, date = self._payment_reminder_check_call("read", company_id, date)
        rows = self.env["payment.reminder.receivable.totals"]._totals(date, company, partner_ids, due_only)
        currency = company.currency_id
        result = []
        for row in rows:
            for key in AMOUNT_COLUMNS:
                row[key] = currency.round(float(row[key] or 0.0))
            for key in ("oldest_due_date", "last_reminder_date", "promised_date", "next_reminder_date"):
                row[key] = fields.Date.to_string(row[key]) if row[key] else False
            for key in ("open_by_currency", "overdue_by_currency"):
                row[key] = {name: float(amount) for name, amount in (row[key] or {}).items()}
            row["currency"] = currency.name
            result.append({key: (False if value is None else value) for key, value in row.items()})
        return result

    @api.model
    def send_reminders(self, partner_ids, date=None, company_id=None):
        """XML-RPC: email a payment reminder to each customer of `partner_ids`, listing their overdue invoices.

        Returns one dict per customer: ``partner_id``, ``status`` (``sent`` or ``not_sent``), ``message``
        and, when one was made, ``reminder_id``.
        """
        company, date = self._payment_reminder_check_call("create", company_id, date)
        partners = self.env["res.partner"].browse(partner_ids).exists()
        results = self.with_company(company)._payment_reminder_send(partners, company, date)
        return [
            {"partner_id": partner_id, **{key: value or False for key, value in result.items()}}
            for partner_id, result in results.items()
        ]

    # ------------------------------------------------------------------
    # Private helpers
    # ------------------------------------------------------------------

    @api.model
    def _payment_reminder_new_note_action(self, partner, company, move=None):
        """The dialog for a new call note on `partner` (and on one of its invoices, `move`)."""
        return self.browse()._get_records_action(
            name=self.env._("Call note"),
            target="new",
            context={
                "default_kind": "call",
                "default_partner_id": partner.commercial_partner_id.id,
                "default_company_id": company.id,
                "default_move_id": move.id if move else False,
            },
        )

    def _payment_reminder_check_call(self, operation, company_id, date):
        """Access as in the user interface: billing users only, and only in their own companies."""
        self.check_access(operation)
        company = self.env["res.company"].browse(company_id) if company_id else self.env.company
        if company not in self.env.user.company_ids:
            raise AccessError(self.env._("You have no access to the company %s.", company.display_name))
        try:
            date = fields.Date.to_date(date) if date else fields.Date.context_today(self)
        except (ValueError, TypeError) as error:
            raise UserError(self.env._("%s is not a date (expected YYYY-MM-DD).", date)) from error
        return company, date

    def _payment_reminder_apply_note(self):
        """A call note's dates become the customer's, and its next-reminder date an activity for that day."""
        states = self.env["payment.reminder.state"].sudo()
        for note in self:
            state = states._payment_reminder_ensure(note.partner_id.ids, note.company_id)
            latest = self.search(
                [
                    ("partner_id", "=", note.partner_id.id),
                    ("company_id", "=", note.company_id.id),
                    ("kind", "=", "call"),
                ],
                order="date desc, id desc",
                limit=1,
            )
            if latest == note:  # editing an old note does not undo what a newer call agreed
                state.write({"promised_date": note.promised_date, "next_reminder_date": note.next_reminder_date})
            note._payment_reminder_sync_activity()

    def _payment_reminder_sync_activity(self):
        self.ensure_one()
        activity = self.activity_id.exists()
        if not self.next_reminder_date or not self.user_id:
            activity.unlink()
            return
        summary = self.env._("Payment reminder: %s", self.partner_id.display_name)
        values = {
            "date_deadline": self.next_reminder_date,
            "user_id": self.user_id.id,
            "summary": summary,
            "note": self.note or False,
        }
        if activity:
            activity.write(values)
            return
        target = self.move_id or self.partner_id
        self.activity_id = target.sudo().activity_schedule("mail.mail_activity_data_todo", **values)

    def _payment_reminder_send(self, partners, company, date):
        """Email one reminder per customer of `partners` in `company`; {partner id: {status, message, ...}}.

        The customers' state rows are locked with SKIP LOCKED and the interval is re-checked in that same
        statement: a customer another transaction is reminding, or already reminded within the interval,
        is left out, so two users or two workers never send one customer two reminders.
        """
        partners = partners.commercial_partner_id
        today = fields.Date.context_today(self)
        results = {}
        states = self.env["payment.reminder.state"].sudo()._payment_reminder_ensure(partners.ids, company)
        totals_model = self.env["payment.reminder.receivable.totals"]
        self.env.cr.execute(
            SQL(
                "SELECT id FROM payment_reminder_state state WHERE id = ANY(%s) AND %s FOR UPDATE SKIP LOCKED",
                states.ids,
                totals_model._interval_passed_sql(SQL.identifier("state"), today, company.payment_reminder_interval),
            ),
            log_exceptions=False,  # a row updated by a concurrent reminder since our snapshot: Odoo retries
        )
        locked = states.browse(row[0] for row in self.env.cr.fetchall())
        locked.invalidate_recordset()  # what we read before the lock may be stale
        for state in states - locked:
            message = self._payment_reminder_skipped_message(state, today, company.payment_reminder_interval)
            results[state.partner_id.id] = {"status": "not_sent", "message": message}
        rows = {row["partner_id"]: row for row in totals_model._totals(date, company, locked.partner_id.ids)}
        overdue = self._payment_reminder_overdue_invoices(locked.partner_id, company, date)
        to_send = []
        not_sent = []
        unsent = self.env["payment.reminder.state"].sudo()
        for state in locked:
            partner = state.partner_id
            row = rows.get(partner.id)
            invoices = overdue.get(partner.id, self.env["account.move"])
            recipient = partner._payment_reminder_recipient()
            if not row or not invoices:
                message = self.env._("not sent: nothing overdue")
            elif row["overdue_amount"] + row["unapplied_credit"] <= 0:
                message = self.env._("not sent: unapplied payments or credit notes cover the overdue amount")
            elif not row["next_level_id"]:
                message = self.env._("not sent: no payment reminder levels are set up")
            elif not recipient.email:
                message = self.env._("not sent: no email address")
                not_sent.append((state, row, invoices, message))
            else:
                to_send.append((state, row, invoices, recipient))
                continue
            results[partner.id] = {"status": "not_sent", "message": message}
            unsent |= state
        # The scheduled run does not try these customers again today (it would pick the same ones forever).
        unsent.write({"last_attempt_date": today})
        if not_sent:
            self._payment_reminder_record_not_sent(not_sent, company, date)
        if to_send:
            for reminder in self._payment_reminder_email(to_send, company, date):
                results[reminder.partner_id.id] = {
                    "status": "sent",
                    "message": self.env._("sent to %s", reminder.recipient_id.email),
                    "reminder_id": reminder.id,
                }
        return results

    def _payment_reminder_overdue_invoices(self, partners, company, date):
        """{commercial partner id: its customer invoices still open today and due before `date`}."""
        moves = self.env["account.move"].search(
            [
                ("commercial_partner_id", "in", partners.ids),
                ("company_id", "=", company.id),
                ("move_type", "in", ("out_invoice", "out_receipt")),
                ("state", "=", "posted"),
                ("payment_state", "in", ("not_paid", "partial")),
                ("invoice_date_due", "<", date),
            ],
            order="invoice_date_due, name",
        )
        return moves.grouped(lambda move: move.commercial_partner_id.id)

    def _payment_reminder_record_not_sent(self, not_sent, company, date):
        """Keep a trace of a reminder that could not go out; the customer stays due for one."""
        traces = (
            self.sudo()
            .with_context(tracking_disable=True)
            .create(
                [
                    {
                        "kind": "email",
                        "state": "not_sent",
                        "partner_id": state.partner_id.id,
                        "company_id": company.id,
                        "date": fields.Date.context_today(self),
                        "level_id": row["next_level_id"],
                        "invoice_ids": [fields.Command.set(invoices.ids)],
                        "amount_overdue": row["overdue_amount"],
                        "error": message,
                    }
                    for state, row, invoices, message in not_sent
                ]
            )
        )
        for (state, _row, _invoices, _message), trace in zip(not_sent, traces, strict=True):
            state.last_reminder_id = trace

    def _payment_reminder_record_delivery(self, mails, failure_reason, failure_type):
        """The outcome of the email of each reminder of `self` (called by the mail queue)."""
        mail_by_reminder = {mail.res_id: mail for mail in mails}
        for reminder in self:
            mail = mail_by_reminder.get(reminder.id)
            if failure_type:
                reason = failure_reason or (mail and mail.failure_reason) or failure_type
                reminder.write({"state": "failed", "error": self.env._("not delivered: %s", reason)})
            else:
                reminder.write({"state": "sent", "error": False})

    @api.model
    def _cron_payment_reminder(self, batch_size=None):
        """Daily: retry undelivered reminders, then remind the customers on automatic reminders, in batches."""
        batch_size = batch_size or int(
            self.env["ir.config_parameter"].sudo().get_param("account_payment_reminder.batch_size", 100)
        )
        self._payment_reminder_retry_failed()
        today = fields.Date.context_today(self)
        totals_model = self.env["payment.reminder.receivable.totals"]
        # Every company: a database has a handful, and each query below is one aggregate per company.
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            due = totals_model._totals(today, company, due_only=True, automatic_only=True)
            if not due:
                continue
            batch = self.env["res.partner"].browse(row["partner_id"] for row in due[:batch_size])
            # What the run records (reasons not sent) in the language the company's users read.
            reminders = self.with_company(company).with_context(lang=company._payment_reminder_lang())
            results = reminders._payment_reminder_send(batch, company, today)
            done = sum(1 for result in results.values() if result["status"] == "sent")
            self.env["ir.cron"]._notify_progress(done=len(results), remaining=len(due) - len(results))
            _logger.info("Payment reminders of %s: %s sent, %s left", company.name, done, len(due) - len(results))
            return  # one batch per call: the scheduler calls again while some remain
