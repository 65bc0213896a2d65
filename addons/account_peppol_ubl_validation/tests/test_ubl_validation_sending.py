from odoo.exceptions import UserError
from odoo.tests import tagged

from ..tools.ubl_schema import UBL_SCHEMA
from .common import LATE_NOTE_REF, PeppolDemoCase

TITLE = "The e-invoice does not follow the UBL 2.1 schema, so it was not sent by Peppol:"


@tagged("post_install", "-at_install")
class TestUblValidationSending(PeppolDemoCase):
    def test_invoices_and_credit_notes_odoo_builds_follow_the_schema_and_go_to_peppol(self):
        invoice = self._invoice()
        credit_note = self._invoice(move_type="out_refund")
        self._send_in_background(invoice + credit_note)

        for move, root in ((invoice, b"<Invoice"), (credit_note, b"<CreditNote")):
            self.assertTrue(self._handed_to_access_point(move), move.name)
            self.assertEqual(move.peppol_move_state, "processing")
            sent = move.ubl_cii_xml_id.raw
            self.assertIn(root, sent)
            self.assertIn(b"EmbeddedDocumentBinaryObject", sent, "the document as sent, with its PDF")
            self.assertEqual(UBL_SCHEMA.errors(sent), [])

    def test_an_embedded_pdf_that_is_not_base64_is_refused(self):
        invoice = self._invoice()
        self._send_in_background(invoice)
        sent = invoice.ubl_cii_xml_id.raw
        start = sent.index(b">", sent.index(b"<cbc:EmbeddedDocumentBinaryObject")) + 1
        broken = sent[:start] + b"#" + sent[start:]
        errors = UBL_SCHEMA.errors(broken)
        self.assertEqual(len(errors), 1)
        self.assertRegex(errors[0], r"/cac:Attachment/cbc:EmbeddedDocumentBinaryObject: invalid value '#")

    def test_a_malformed_e_invoice_is_refused_with_its_reason_and_the_rest_of_the_batch_goes(self):
        self._customise_ubl_with_a_note_out_of_place()
        malformed = self._invoice(ref=LATE_NOTE_REF)
        valid = self._invoice()
        self._send_in_background(malformed + valid)

        self.assertFalse(self._handed_to_access_point(malformed), "nothing sent to Peppol")
        self.assertFalse(malformed.peppol_message_uuid)
        self.assertEqual(malformed.peppol_move_state, "error")
        self.assertFalse(malformed.is_move_sent)
        error = malformed.message_ids[0].body
        self.assertIn(TITLE, error)
        self.assertIn("/Invoice: Unexpected child with tag 'cbc:Note'", error)

        self.assertTrue(self._handed_to_access_point(valid))
        self.assertEqual(valid.peppol_move_state, "processing")

    def test_an_e_invoice_made_earlier_is_checked_when_it_goes_by_peppol(self):
        self._customise_ubl_with_a_note_out_of_place()
        malformed = self._invoice(ref=LATE_NOTE_REF)
        # Emailed first: Odoo attaches the UBL document and keeps it on the invoice for later sendings.
        sender = self.env["account.move.send"]
        sender._generate_and_send_invoices(malformed, sending_methods=["email"], allow_raising=False)
        self.assertTrue(malformed.ubl_cii_xml_id)
        sender._generate_and_send_invoices(malformed, sending_methods=["peppol"], allow_raising=False)

        self.assertFalse(self._handed_to_access_point(malformed), "nothing sent to Peppol")
        self.assertEqual(malformed.peppol_move_state, "error")
        self.assertIn("/Invoice: Unexpected child with tag 'cbc:Note'", malformed.message_ids[0].body)

    def test_sending_one_malformed_e_invoice_by_hand_shows_the_reason(self):
        self._customise_ubl_with_a_note_out_of_place()
        malformed = self._invoice(ref=LATE_NOTE_REF)
        wizard = self.env["account.move.send.wizard"].create({"move_id": malformed.id})
        with self.assertRaisesRegex(UserError, r"(?s)UBL 2\.1 schema.*Unexpected child with tag 'cbc:Note'"):
            wizard.action_send_and_print()
        self.assertFalse(malformed.peppol_message_uuid, "nothing sent to Peppol")

    def test_the_reason_is_in_the_language_of_the_user_who_sends(self):
        self.env["res.lang"]._activate_lang("de_DE")
        self._customise_ubl_with_a_note_out_of_place()
        malformed = self._invoice(ref=LATE_NOTE_REF)
        with self.assertRaisesRegex(UserError, "entspricht nicht dem UBL-2.1-Schema"):
            self.env["account.move.send"].with_context(lang="de_DE")._generate_and_send_invoices(malformed)
