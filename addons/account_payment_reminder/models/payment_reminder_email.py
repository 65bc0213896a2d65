# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models
from odoo.tools import SQL


class PaymentReminder(models.Model):
    """The reminder emails of a run: created per level and language, with their PDFs and links."""

    _inherit = "payment.reminder"

    def _payment_reminder_email(self, to_send, company, date):
        """Create the reminders of `to_send` and queue their emails, rendered in each customer's language."""
        today = fields.Date.context_today(self)
        reminders = (
            self.sudo()
            .with_context(tracking_disable=True)
            .create(
                [
                    {
                        "kind": "email",
                        "state": "queued",
                        "partner_id": state.partner_id.id,
                        "company_id": company.id,
                        "date": today,
                        "user_id": self.env.user.id,
                        "level_id": row["next_level_id"],
                        "invoice_ids": [fields.Command.set(invoices.ids)],
                        "amount_overdue": row["overdue_amount"],
                        "recipient_id": recipient.id,
                    }
                    for state, row, invoices, recipient in to_send
                ]
            )
        )
        self._payment_reminder_ensure_portal_tokens(reminders.invoice_ids)
        # Per language too: the title above the email is the reminder's name in the language it is written.
        for (level, lang), level_reminders in reminders.grouped(lambda r: (r.level_id, r.mail_lang)).items():
            mails = (
                level._payment_reminder_template()
                .sudo()
                .with_context(lang=lang, payment_reminder_mail_title=True)
                .send_mail_batch(level_reminders.ids, email_layout_xmlid="mail.mail_notification_light")
            )
            if level.attach_invoices:
                mail_by_reminder = {mail.res_id: mail for mail in mails}
                for reminder in level_reminders:
                    pdfs = reminder._payment_reminder_pdfs()
                    mail_by_reminder[reminder.id].attachment_ids = [fields.Command.link(pdf.id) for pdf in pdfs]
            self._payment_reminder_link_mails(mails)
        for (state, _row, _invoices, _recipient), reminder in zip(to_send, reminders, strict=True):
            state.write(
                {"level_id": reminder.level_id.id, "last_reminder_date": today, "last_reminder_id": reminder.id}
            )
        return reminders

    def _payment_reminder_link_mails(self, mails):
        """Each reminder keeps its email and a copy of its body (the email is deleted once delivered).

        One statement for the whole run. The body is the email's, which mail.message sanitized when the
        email was created: written through the ORM it would be sanitized a second time, one reminder
        after the other, for much of the run's time.
        """
        mails.flush_recordset(["mail_message_id", "body_html"])
        self.env["mail.message"].flush_model(["body", "model", "res_id"])
        self.flush_model(["mail_id", "body"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE payment_reminder reminder
                   SET mail_id = mail.id, body = message.body
                  FROM mail_mail mail
                  JOIN mail_message message ON message.id = mail.mail_message_id
                 WHERE mail.id = ANY(%s) AND message.model = 'payment.reminder' AND reminder.id = message.res_id
                """,
                mails.ids,
            )
        )
        self.browse(mails.mapped("res_id")).invalidate_recordset(["mail_id", "body"])

    def _payment_reminder_ensure_portal_tokens(self, invoices):
        """Give the invoices their portal access token (for the pay-online links) in one statement.

        The portal would write each token on its own while the email renders: one account.move write
        per invoice, the most expensive part of a large run. Same token format (uuid4) as the portal's.
        """
        missing = invoices.filtered(lambda invoice: not invoice.access_token)
        if missing:
            self.env.cr.execute(
                SQL(
                    "UPDATE account_move SET access_token = gen_random_uuid()::text "
                    "WHERE id = ANY(%s) AND access_token IS NULL",
                    missing.ids,
                )
            )
            missing.invalidate_recordset(["access_token"])

    def _payment_reminder_pdfs(self):
        """The PDFs of the reminder's invoices: the one Odoo keeps for each sent invoice, else printed now."""
        self.ensure_one()
        pdfs = self.env["ir.attachment"]
        for invoice in self.invoice_ids:
            pdf = invoice.invoice_pdf_report_id
            if not pdf:
                content, _report_type = self.env["ir.actions.report"]._render_qweb_pdf(
                    "account.account_invoices", invoice.ids
                )
                pdf = self.env["ir.attachment"].create(
                    {
                        "name": f"{invoice._get_report_base_filename()}.pdf",
                        "raw": content,
                        "mimetype": "application/pdf",
                        "res_model": "account.move",
                        "res_id": invoice.id,
                    }
                )
            pdfs |= pdf
        return pdfs
