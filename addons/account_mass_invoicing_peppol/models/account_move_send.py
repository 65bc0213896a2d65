import base64
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from odoo import api, models


class AccountMoveSend(models.AbstractModel):
    """The files of a mass invoicing run ticked "E-invoice" are embedded in the e-invoice Odoo builds."""

    _inherit = "account.move.send"

    @api.model
    def _postprocess_invoice_ubl_xml(self, invoice, invoice_data):
        super()._postprocess_invoice_ubl_xml(invoice, invoice_data)
        files = self._mass_invoice_files("for_einvoice")
        if not files or not invoice_data.get("ubl_cii_xml_attachment_values"):
            return
        tree = etree.fromstring(invoice_data["ubl_cii_xml_attachment_values"]["raw"])
        anchors = tree.xpath("//*[local-name()='AccountingSupplierParty']")
        if not anchors:
            return
        document = "Invoice" if invoice.move_type == "out_invoice" else "CreditNote"
        index = tree.index(anchors[0])
        for file in files:
            mimetype = quoteattr(file.mimetype or "application/octet-stream")
            # Before the supplier party, as the UBL schema orders it (after the invoice PDF Odoo embeds).
            node = etree.fromstring(
                f"""<cac:AdditionalDocumentReference
                        xmlns="urn:oasis:names:specification:ubl:schema:xsd:{document}-2"
                        xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
                        xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2">
                        <cbc:ID>{escape(file.name)}</cbc:ID>
                        <cac:Attachment>
                            <cbc:EmbeddedDocumentBinaryObject mimeCode={mimetype}
                                filename={quoteattr(file.name)}>{base64.b64encode(file.raw).decode()}</cbc:EmbeddedDocumentBinaryObject>
                        </cac:Attachment>
                    </cac:AdditionalDocumentReference>"""
            )
            tree.insert(index, node)
            index += 1
        invoice_data["ubl_cii_xml_attachment_values"]["raw"] = etree.tostring(
            tree, xml_declaration=True, encoding="UTF-8"
        )
