from odoo import api, fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    einvoice_outgoing = fields.Boolean(
        string="Sent as e-invoice",
        compute="_compute_einvoice_outgoing",
        help="The invoice goes out as an e-invoice: the customer's sending method is Peppol, or no method "
        "is set and the customer is an e-invoice recipient.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends(
        "move_type",
        "company_id",
        "commercial_partner_id.invoice_sending_method",
        "commercial_partner_id.einvoice_recipient_state",
    )
    @api.depends_context("company")
    def _compute_einvoice_outgoing(self):
        for move in self:
            partner = move.commercial_partner_id.with_company(move.company_id)
            sending_method = partner.invoice_sending_method
            move.einvoice_outgoing = move.is_sale_document() and (
                sending_method == "peppol" or (not sending_method and partner.einvoice_recipient_state == "recipient")
            )
