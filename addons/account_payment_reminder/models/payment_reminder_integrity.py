# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date

# What a user records about a call and may change later. Everything else of a reminder or a note
# (its customer, company, level, state, amount, invoices, email) is written by the sending only.
CALL_NOTE_FIELDS = frozenset(
    {"date", "move_id", "contact_id", "note", "promised_date", "next_reminder_date", "user_id"}
)
DUNNING_FIELDS = frozenset(
    {
        "kind",
        "partner_id",
        "company_id",
        "level_id",
        "invoice_ids",
        "amount_overdue",
        "recipient_id",
        "body",
        "state",
        "error",
        "mail_id",
        "retry_count",
        "activity_id",
    }
)

# What only a sent (or unsendable) reminder has.
SENDING_FIELDS = (
    "level_id",
    "invoice_ids",
    "amount_overdue",
    "recipient_id",
    "body",
    "error",
    "mail_id",
    "retry_count",
)


class PaymentReminder(models.Model):
    """Who may write what: a sent reminder is a record of what went to the customer.

    Users (managers too) create and edit call notes, each change in the note's chatter; the
    reminders, their level, state, amount and text are written by the sending alone (as superuser).
    """

    _name = "payment.reminder"
    _inherit = ["payment.reminder", "mail.thread"]

    date = fields.Date(tracking=True)
    move_id = fields.Many2one(tracking=True)
    contact_id = fields.Many2one(tracking=True)
    note = fields.Text(tracking=True)
    promised_date = fields.Date(tracking=True)
    next_reminder_date = fields.Date(tracking=True)
    user_id = fields.Many2one(tracking=True)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        if not self.env.su:
            # Checked on the records: the values may also come as defaults from the context.
            for record in records:
                forged = record.kind != "call" or record.state != "note"
                forged = forged or any(record[name] for name in SENDING_FIELDS)
                if forged:
                    raise AccessError(record._payment_reminder_write_refusal())
        return records

    def write(self, vals):
        if "company_id" in vals and any(record.company_id.id != vals["company_id"] for record in self):
            raise UserError(self.env._("The company of a payment reminder or call note cannot be changed."))
        if not self.env.su:
            emails = self.filtered(lambda record: record.kind != "call")
            own_fields = set(vals) & (DUNNING_FIELDS | CALL_NOTE_FIELDS)
            if (emails and own_fields) or own_fields - CALL_NOTE_FIELDS:
                raise AccessError(self._payment_reminder_write_refusal())
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sent_reminders(self):
        if not self.env.su and any(record.kind != "call" for record in self):
            raise AccessError(self._payment_reminder_write_refusal())

    # ------------------------------------------------------------------
    # Private helpers
    # ------------------------------------------------------------------

    def _payment_reminder_write_refusal(self):
        return self.env._(
            "A payment reminder records what was sent to the customer: only sending writes it. You can "
            "record and edit call notes (date, invoice, contact person, what was promised, promised and "
            "next reminder dates, responsible)."
        )

    def _payment_reminder_sync_activity(self):
        # The note's follow-up activity is the note's own bookkeeping, not a field the user writes.
        return super(PaymentReminder, self.sudo())._payment_reminder_sync_activity()

    def _payment_reminder_send(self, partners, company, date):
        today = fields.Date.context_today(self)
        if date > today:
            raise UserError(
                self.env._(
                    "Payment reminders are for invoices overdue on the day they are sent: %(date)s is in the "
                    "future. Send them as of today (%(today)s) or an earlier date; a later date shows the "
                    "totals only.",
                    date=format_date(self.env, date),
                    today=format_date(self.env, today),
                )
            )
        return super()._payment_reminder_send(partners, company, date)

    def _payment_reminder_skipped_message(self, state, today, interval):
        """Why the customer of `state` was not locked for a reminder: reminded lately, or by someone now."""
        last = state.last_reminder_date
        if last and last > fields.Date.subtract(today, days=interval or 0):
            return self.env._(
                "not sent: already reminded on %(date)s (at most one reminder every %(days)s days)",
                date=format_date(self.env, last),
                days=interval,
            )
        return self.env._("not sent: another user or the scheduled action is reminding this customer right now")
