# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_date

MAX_RETRIES = 3


class PaymentReminder(models.Model):
    """How a reminder is named and in which language it is written, for the customer and for users."""

    _inherit = "payment.reminder"

    mail_lang = fields.Char(
        string="Email language",
        compute="_compute_mail_lang",
        help="The customer's language, or the company's when the customer's is not installed.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("kind", "level_id.name", "date", "company_id.name")
    @api.depends_context("lang", "payment_reminder_mail_title")
    def _compute_display_name(self):
        for reminder in self:
            if reminder.kind == "call":
                title = self.env._("Call note")
            else:
                title = reminder.level_id.name or self.env._("Payment reminder")
            if self.env.context.get("payment_reminder_mail_title"):
                # The title the customer reads above the email: what it is and from whom.
                reminder.display_name = f"{title} - {reminder.company_id.name}"
            else:
                reminder.display_name = f"{title}, {format_date(self.env, reminder.date)}"

    @api.depends("partner_id.lang", "company_id.partner_id.lang")
    def _compute_mail_lang(self):
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        for reminder in self:
            reminder.mail_lang = reminder.partner_id.lang if reminder.partner_id.lang in installed else None
            reminder.mail_lang = reminder.mail_lang or reminder.company_id._payment_reminder_lang()

    def mail_allowed_qweb_expressions(self):
        return (*super().mail_allowed_qweb_expressions(), "object.mail_lang")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_retry(self):
        """Send a failed or undelivered reminder again now (the cron does the same by itself)."""
        self.check_access("write")  # the user's right to press the button; the reminder is written by sending
        for reminder in self.sudo().filtered(lambda r: r.kind == "email" and r.state == "failed" and r.mail_id):
            reminder.mail_id.mark_outgoing()
            reminder.write({"state": "queued", "retry_count": reminder.retry_count + 1})

    # ------------------------------------------------------------------
    # Private helpers
    # ------------------------------------------------------------------

    def _payment_reminder_email(self, to_send, company, date):
        reminders = super()._payment_reminder_email(to_send, company, date)
        for reminder in reminders.filtered(lambda r: r.partner_id.lang and r.mail_lang != r.partner_id.lang):
            # Noted in the company's language: the users reading the customer are the company's.
            partner = reminder.partner_id.sudo().with_context(lang=company._payment_reminder_lang())
            partner.message_post(
                body=Markup("<p>%s</p>")
                % partner.env._(
                    "The payment reminder of %(date)s was written in %(used)s: the customer's language (%(lang)s) "
                    "is not installed. Install it, or choose another language on the customer.",
                    date=format_date(partner.env, reminder.date),
                    used=self.env["res.lang"]._lang_get(reminder.mail_lang).name or reminder.mail_lang,
                    lang=reminder.partner_id.lang,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return reminders

    def _payment_reminder_record_delivery(self, mails, failure_reason, failure_type):
        # Called by the mail queue, in no user's language: the reason is read by the company's users.
        results = []
        for company, reminders in self.grouped("company_id").items():
            lang = company._payment_reminder_lang()
            results.append(
                super(PaymentReminder, reminders.with_context(lang=lang))._payment_reminder_record_delivery(
                    mails, failure_reason, failure_type
                )
            )
        return results

    def _payment_reminder_retry_failed(self):
        failed = self.sudo().search(
            [
                ("kind", "=", "email"),
                ("state", "=", "failed"),
                ("retry_count", "<", MAX_RETRIES),
                ("mail_id", "!=", False),
            ]
        )
        failed.action_retry()
