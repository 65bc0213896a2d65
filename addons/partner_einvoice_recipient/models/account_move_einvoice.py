# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models

# Sending methods of Odoo's sender that deliver an e-invoice (account_peppol adds "peppol").
EINVOICE_SENDING_METHODS = ("peppol",)


class AccountMove(models.Model):
    _inherit = "account.move"

    einvoice_outgoing = fields.Boolean(
        string="Goes out as e-invoice",
        compute="_compute_einvoice_outgoing",
        help="Forecast of what Odoo's Send will do with this invoice: yes when the invoice's customer (the "
        "contact on the invoice) is set to send by an e-invoice network and that network applies to this "
        "invoice and company (e.g. the Peppol address is verified). Invoices already handed to the network "
        "show yes.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("move_type", "state", "company_id", "partner_id", "peppol_move_state")
    @api.depends_context("company")
    def _compute_einvoice_outgoing(self):
        sender = self.env["account.move.send"]
        for move in self:
            if not move.is_sale_document(include_receipts=False) or move.state == "cancel" or not move.partner_id:
                move.einvoice_outgoing = False
            elif move.peppol_move_state in ("processing", "done"):
                move.einvoice_outgoing = True
            else:
                method = sender._get_default_sending_method(move)
                move.einvoice_outgoing = method in EINVOICE_SENDING_METHODS and move._einvoice_method_applies(
                    sender, method
                )

    # ------------------------------------------------------------------
    # Private helpers
    # ------------------------------------------------------------------

    def _einvoice_method_applies(self, sender, method):
        """Odoo's own test (`_is_applicable_to_move`), answered from the stored Peppol verification.

        Odoo's test asks the SMP over the network; a list of invoices must not do that for each row,
        so the verification state Odoo stored on the customer (per company) stands in for it.
        """
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id.with_company(self.company_id)
        forecast_sender = sender.with_company(self.company_id).with_context(einvoice_forecast_partner_id=partner.id)
        return forecast_sender._is_applicable_to_move(method, self)
