# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _postprocess_sent_message(self, success_pids, failure_reason=False, failure_type=None):
        # Before super(): a delivered mail may be deleted there (auto_delete).
        mails = self.filtered(lambda mail: mail.model == "payment.reminder" and mail.res_id)
        if mails:
            reminders = self.env["payment.reminder"].sudo().browse(mails.mapped("res_id")).exists()
            reminders._payment_reminder_record_delivery(mails, failure_reason, failure_type)
        return super()._postprocess_sent_message(success_pids, failure_reason=failure_reason, failure_type=failure_type)
