import base64
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

from odoo import api, models


class AccountMoveSend(models.AbstractModel):
    """Mass invoicing sends through Odoo's own sender; these hooks report its errors back to the
    delivery chain and add the run's files to the email and the e-invoice.

    All of it only under the context keys set by ``mass.invoice.recipient._mass_invoice_send_by_odoo``.
    """

    # A file of its own (not merged into account_move_send.py): mass invoicing is a separable feature.
    _inherit = "account.move.send"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _hook_if_errors(self, moves_data, allow_raising=True):
        errors = self.env.context.get("mass_invoice_errors")
        if errors is not None:
            for move, move_data in moves_data.items():
                errors[move.id] = self._format_error_text(move_data["error"])
        return super()._hook_if_errors(moves_data, allow_raising=allow_raising)

    @api.model
    def _get_default_mail_attachments_widget(self, move, mail_template, **kwargs):
        widget = super()._get_default_mail_attachments_widget(move, mail_template, **kwargs)
        files = self._mass_invoice_files("for_email")
        return widget + [
            {"id": file.id, "name": file.name, "mimetype": file.mimetype, "placeholder": False, "manual": True}
            for file in files
        ]

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

    @api.model
    def _mass_invoice_files(self, channel_flag):
        """The run's files ticked for this channel (email or e-invoice), as ir.attachment."""
        run_id = self.env.context.get("mass_invoice_run_id")
        if not run_id:
            return self.env["ir.attachment"]
        files = self.env["mass.invoice.run"].browse(run_id).sudo().attachment_ids.filtered(channel_flag)
        return files._mass_invoice_ir_attachments()
