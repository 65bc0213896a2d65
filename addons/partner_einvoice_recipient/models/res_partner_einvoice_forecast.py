# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, models


class ResPartner(models.Model):
    """The invoice list's e-invoice forecast reads Odoo's stored Peppol verification (see account_move_einvoice)."""

    _inherit = "res.partner"

    @api.model
    def _get_peppol_verification_state(self, peppol_endpoint, peppol_eas, invoice_edi_format):
        partner_id = self.env.context.get("einvoice_forecast_partner_id")
        if not partner_id:
            return super()._get_peppol_verification_state(peppol_endpoint, peppol_eas, invoice_edi_format)
        partner = self.browse(partner_id).with_company(self.env.company)
        if (partner.peppol_endpoint, partner.peppol_eas) != (peppol_endpoint, peppol_eas):
            return "not_verified"
        if invoice_edi_format not in self._get_peppol_formats():
            return "not_verified"
        return partner.peppol_verification_state or "not_verified"
