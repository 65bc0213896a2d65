from odoo import fields, models
from odoo.exceptions import UserError


class EinvoiceRecipientUpdate(models.TransientModel):
    _name = "einvoice.recipient.update"
    _description = "Update e-invoice recipients"

    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    last_summary = fields.Text(related="company_id.einvoice_last_summary", string="Last update")

    def action_update(self):
        """Start the scheduled update now, in the background: a web request must not wait for registries."""
        self.ensure_one()
        registries = self.env["einvoice.registry"].search([("company_id", "=", self.company_id.id)])
        if not registries:
            # The menu path as this user's menus name it.
            menu = self.env.ref("partner_einvoice_recipient.menu_einvoice_registry").sudo()
            raise UserError(
                self.env._(
                    "No e-invoice registry is configured for %(company)s: add one under %(menu)s.",
                    company=self.company_id.name,
                    menu=menu.complete_name.replace("/", " > "),
                )
            )
        self.company_id.sudo().einvoice_update_requested_by = self.env.user
        self.env.ref("partner_einvoice_recipient.ir_cron_einvoice_update_recipients").sudo()._trigger()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("E-invoice recipients update started"),
                "message": self.env._(
                    "The registries of %(company)s are being asked in the background. You will get a "
                    "notification with the summary when the update is done.",
                    company=self.company_id.name,
                ),
                "type": "info",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _format_summary(self, summary):
        if summary["locked"]:
            return self.env._("Another update is running for this company. Try again in a few minutes.")
        lines = [
            self.env._("New e-invoice recipients: %(count)s", count=summary["recipient"]),
            self.env._("Not recipients: %(count)s", count=summary["not_recipient"]),
            self.env._("To confirm at the next update: %(count)s", count=summary["to_confirm"]),
            self.env._(
                "Look-ups asked: %(count)s, failed: %(failed)s",
                count=summary["lookups"],
                failed=summary["lookup_failures"],
            ),
        ]
        if summary["no_identifier"]:
            lines.append(
                self.env._(
                    "Customers without VAT, company registry or Peppol address: %(count)s (nothing to ask the "
                    "registries with: fill one of them on the contact, Sales & Purchase or Accounting tab)",
                    count=summary["no_identifier"],
                )
            )
        if summary["read"]:
            lines.append(self.env._("Registries read: %(names)s", names=", ".join(summary["read"])))
        if summary["unchanged"]:
            lines.append(
                self.env._("Unchanged since the last download: %(names)s", names=", ".join(summary["unchanged"]))
            )
        lines += [self.env._("Failed, statuses left unchanged: %(error)s", error=error) for error in summary["failed"]]
        return "\n".join(lines)
