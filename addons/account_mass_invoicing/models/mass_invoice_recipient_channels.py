# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import models
from odoo.exceptions import UserError
from odoo.tools import email_normalize


class MassInvoiceRecipient(models.Model):
    """What the delivery channels ask of a recipient: delivery/ stays free of Odoo details."""

    _inherit = "mass.invoice.recipient"

    def _mass_invoice_preferred_odoo_method(self):
        move = self.move_id
        if not move:
            # Before invoicing (the summary): what Odoo's default gives the invoice to this address.
            return self.invoice_partner_id.with_company(self.run_id.company_id).invoice_sending_method or "email"
        return self.env["account.move.send"]._get_default_sending_method(move)

    def _mass_invoice_email_problem(self):
        address = self.invoice_partner_id
        if not address.email:
            return self.env._("%(customer)s has no email address.", customer=address.display_name)
        if not email_normalize(address.email):
            return self.env._(
                "The email address of %(customer)s is not valid: %(email)s",
                customer=address.display_name,
                email=address.email,
            )
        return ""

    def _mass_invoice_send_by_odoo(self, odoo_method, commits=False):
        """Send the invoice by one of Odoo's sending methods; an error text or "". `commits`: Odoo commits
        inside this method's sending (Peppol, outside tests), so no savepoint can be set around it.

        Emails stay queued (Odoo's mail queue sends them) and are only visible to it once this
        transaction commits, in which the recipient is marked delivered: a rolled back batch sends nothing.
        """
        self.ensure_one()
        run = self.run_id
        # In the run's company: Odoo decides e.g. Peppol's demo mode by the environment's company.
        # Emails are queued, not sent in the middle of the batch (the context of the record posting them counts).
        move = self.move_id.with_company(run.company_id).with_context(mail_notify_force_send=False)
        sender = (
            self.env["account.move.send"]
            .with_company(run.company_id)
            .with_context(mass_invoice_run_id=run.id, mail_notify_force_send=False)
        )
        settings = {
            "sending_methods": [odoo_method],
            "author_user_id": run.user_id.id or self.env.user.id,
            "author_partner_id": (run.user_id or self.env.user).partner_id.id,
        }
        if run.pdf_report_id:
            settings["pdf_report"] = run.pdf_report_id
        if odoo_method == "email" and run.mail_template_id:
            settings["mail_template"] = run.mail_template_id
        sent_before = self.env["mail.mail"].sudo().search([("model", "=", "account.move"), ("res_id", "=", move.id)])
        if commits:
            errors = sender._send_owner_send(move, "mass_invoice", **settings)
        else:
            try:
                with self.env.cr.savepoint():
                    errors = sender._send_owner_send(move, "mass_invoice", **settings)
            except UserError as error:
                return error.args[0]
        if errors.get(move.id) and odoo_method == "email" and move.partner_id.invoice_edi_format:
            # Odoo attaches the customer's e-invoice format to the email too; when it cannot be built,
            # the email still goes, with the PDF only.
            settings["invoice_edi_format"] = None
            try:
                with self.env.cr.savepoint():
                    errors = sender._send_owner_send(move, "mass_invoice", **settings)
            except UserError as error:
                return error.args[0]
        if errors.get(move.id):
            return errors[move.id]
        if odoo_method == "email":
            mails = (
                self.env["mail.mail"]
                .sudo()
                .search([("model", "=", "account.move"), ("res_id", "=", move.id), ("state", "=", "outgoing")])
                - sent_before
            )
            if not mails:
                return self.env._("No email was made for the invoice.")
            # Odoo's mail queue sends it once this transaction is committed.
            self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()
        return ""
