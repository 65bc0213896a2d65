from odoo import api, models

from ..tools.ubl_schema import UBL_SCHEMA


class AccountMoveSend(models.AbstractModel):
    _inherit = "account.move.send"

    @api.model
    def _call_web_service_after_invoice_pdf_render(self, invoices_data):
        # Before Odoo's Peppol sender (account_peppol), which hands every document it gets here to
        # the access point: an invoice whose document breaks the schema gets Odoo's own error and
        # is left out, the others of the batch go on.
        for invoice, invoice_data in invoices_data.items():
            if reasons := self._ubl_validation_errors(invoice, invoice_data):
                invoice.peppol_move_state = "error"
                invoice_data["error"] = {
                    "error_title": self.env._(
                        "The e-invoice does not follow the UBL 2.1 schema, so it was not sent by Peppol:"
                    ),
                    "errors": reasons,
                }
        valid = {invoice: data for invoice, data in invoices_data.items() if not data.get("error")}
        if not valid:
            return None
        return super()._call_web_service_after_invoice_pdf_render(valid)

    @api.model
    def _ubl_validation_errors(self, invoice, invoice_data):
        """The schema's first reasons against the document Odoo's Peppol sender would send; [] if none."""
        if "peppol" not in invoice_data["sending_methods"]:
            return []
        partner = invoice.partner_id.commercial_partner_id.with_company(invoice.company_id)
        if not (partner.peppol_eas and partner.peppol_endpoint):
            return []  # Odoo's Peppol sender refuses it with its own reason
        if attachment_values := invoice_data.get("ubl_cii_xml_attachment_values"):
            document = attachment_values["raw"]
        elif invoice.ubl_cii_xml_id and invoice.peppol_move_state not in ("processing", "done"):
            document = invoice.ubl_cii_xml_id.raw
        else:
            return []
        return UBL_SCHEMA.errors(document)
