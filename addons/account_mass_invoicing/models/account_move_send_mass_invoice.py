from odoo import api, models


class AccountMoveSend(models.AbstractModel):
    """Mass invoicing sends through the one adapter around Odoo's sender (``_send_owner_send``); these
    hooks add the run's files to the email (and to the e-invoice, with account_mass_invoicing_peppol).

    Only under the context key set by ``mass.invoice.recipient._mass_invoice_send_by_odoo``.
    """

    # A file of its own (not merged into account_move_send.py): mass invoicing is a separable feature.
    _inherit = "account.move.send"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _get_default_mail_attachments_widget(self, move, mail_template, **kwargs):
        widget = super()._get_default_mail_attachments_widget(move, mail_template, **kwargs)
        files = self._mass_invoice_files("for_email")
        return widget + [
            {"id": file.id, "name": file.name, "mimetype": file.mimetype, "placeholder": False, "manual": True}
            for file in files
        ]

    @api.model
    def _mass_invoice_files(self, channel_flag):
        """The run's files ticked for this channel (a boolean field of the run's files), as ir.attachment."""
        run_id = self.env.context.get("mass_invoice_run_id")
        if not run_id:
            return self.env["ir.attachment"]
        files = self.env["mass.invoice.run"].browse(run_id).sudo().attachment_ids.filtered(channel_flag)
        return files._mass_invoice_ir_attachments()
