# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    einvoice_recipient_check = fields.Boolean(
        string="E-invoice recipient status requests",
        help="Update the e-invoice recipient status of every customer from the registries every 15 minutes, "
        "and check a contact at once when its VAT, company registry, country or Peppol address changes.",
    )
    einvoice_recheck_days = fields.Integer(
        string="Re-check 'not a recipient' after (days)",
        default=7,
        help="Customers found not to be e-invoice recipients are looked up again once their answer is this "
        "old (customers join networks), a few per update within the look-up limit.",
    )
    einvoice_set_sending_method = fields.Boolean(
        string="Send by Peppol to recipients found",
        help="When a registry finds a customer on Peppol, switch its invoice sending method to Peppol for this "
        "company (Odoo's Peppol address and verification are filled in any case).",
    )
    einvoice_update_requested_by = fields.Many2one(
        "res.users", readonly=True, help="Who started the running update by hand: notified when it is done."
    )
    einvoice_last_summary = fields.Text(string="Last e-invoice recipients update", readonly=True)
    einvoice_lookup_limit = fields.Integer(
        string="Look-ups per update",
        default=200,
        help="At most this many single-contact registry look-ups per scheduled update (contacts to confirm "
        "first, then contacts never checked); the rest wait for the next run.",
    )

    def _einvoice_report_update(self, summary):
        """Keep the summary of the update and tell whoever started it by hand."""
        self.ensure_one()
        text = self.env["einvoice.recipient.update"]._format_summary(summary)
        requester = self.einvoice_update_requested_by
        self.sudo().write({"einvoice_last_summary": text, "einvoice_update_requested_by": False})
        if requester:
            requester._bus_send(
                "simple_notification",
                {
                    "title": requester.with_context(lang=requester.lang).env._(
                        "E-invoice recipients of %(company)s updated", company=self.name
                    ),
                    "message": text,
                    "sticky": True,
                    "type": "success" if not summary["failed"] else "warning",
                },
            )
