from odoo import fields, models
from odoo.exceptions import UserError


class EinvoiceRecipientUpdate(models.TransientModel):
    _name = "einvoice.recipient.update"
    _description = "Update e-invoice recipients"

    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    state = fields.Selection([("draft", "Ready"), ("done", "Done")], default="draft", readonly=True)
    summary = fields.Text(readonly=True, help="What the update changed.")

    def action_update(self):
        self.ensure_one()
        registries = self.env["einvoice.registry"].search([("company_id", "=", self.company_id.id)])
        if not registries:
            raise UserError(
                self.env._(
                    "No e-invoice registry is configured for %(company)s: add one under "
                    "Invoicing > Configuration > E-invoice registries.",
                    company=self.company_id.name,
                )
            )
        summary = registries._update_recipients(self.company_id)
        self.write({"state": "done", "summary": self._format_summary(summary)})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Update e-invoice recipients"),
        }

    def _format_summary(self, summary):
        _ = self.env._
        if summary["locked"]:
            return _("Another update is running for this company. Try again in a few minutes.")
        lines = [
            _("New e-invoice recipients: %(count)s", count=summary["recipient"]),
            _("Not recipients: %(count)s", count=summary["not_recipient"]),
            _("Unknown: %(count)s", count=summary["unknown"]),
            _("To confirm at the next update: %(count)s", count=summary["to_confirm"]),
            _("Look-ups: %(count)s, failed: %(failed)s", count=summary["lookups"], failed=summary["lookup_failures"]),
        ]
        if summary["read"]:
            lines.append(_("Registries read: %(names)s", names=", ".join(summary["read"])))
        if summary["unchanged"]:
            lines.append(_("Unchanged since the last download: %(names)s", names=", ".join(summary["unchanged"])))
        lines += [_("Failed, statuses left unchanged: %(error)s", error=error) for error in summary["failed"]]
        return "\n".join(lines)
