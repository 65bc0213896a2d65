from odoo.tests import TransactionCase, tagged

from ..tools.ubl_schema import UBL_SCHEMA
from .common import counting_http_server

INVOICE_NS = 'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"'
NO_DTD = "a document type declaration (DTD) is not allowed in an e-invoice"


@tagged("post_install", "-at_install")
class TestUblSchemaHostileXml(TransactionCase):
    def test_an_entity_expansion_bomb_is_refused_without_expanding_it(self):
        entities = ['<!ENTITY e0 "ha">'] + [f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10)]
        bomb = f'<?xml version="1.0"?><!DOCTYPE Invoice [{"".join(entities)}]><Invoice {INVOICE_NS}>&e9;</Invoice>'
        self.assertEqual(UBL_SCHEMA.errors(bomb.encode()), [f"/: {NO_DTD}"])

    def test_external_entities_dtds_and_schema_hints_are_refused_without_fetching_them(self):
        with counting_http_server() as server:
            documents = {
                "external entity": f'<!DOCTYPE Invoice [<!ENTITY x SYSTEM "{server.url}/entity">]>'
                f"<Invoice {INVOICE_NS}>&x;</Invoice>",
                "parameter entity": f'<!DOCTYPE Invoice [<!ENTITY % p SYSTEM "{server.url}/parameter"> %p;]>'
                f"<Invoice {INVOICE_NS}/>",
                "external DTD": f'<!DOCTYPE Invoice SYSTEM "{server.url}/invoice.dtd"><Invoice {INVOICE_NS}/>',
                "schema location": f'<Invoice {INVOICE_NS} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
                f' xsi:schemaLocation="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2 {server.url}/x.xsd"/>',
                "XInclude": f'<Invoice {INVOICE_NS} xmlns:xi="http://www.w3.org/2001/XInclude">'
                f'<xi:include href="{server.url}/include"/></Invoice>',
            }
            for name, document in documents.items():
                with self.subTest(name):
                    errors = UBL_SCHEMA.errors(f'<?xml version="1.0"?>{document}'.encode())
                    self.assertTrue(errors, "refused")
                    self.assertNotIn("fetched from the network", " ".join(errors))
            self.assertEqual(server.requests, [], "nothing asked from the network")

    def test_a_document_that_is_not_xml_is_refused_with_the_parser_reason(self):
        errors = UBL_SCHEMA.errors(b"<Invoice")
        self.assertEqual(len(errors), 1)
        self.assertRegex(errors[0], r"^/: .*Start Tag Invoice.*line 1")

    def test_at_most_three_short_reasons_are_given(self):
        lines = "".join(f"<Unknown{n}/>" for n in range(10))
        errors = UBL_SCHEMA.errors(f"<Invoice {INVOICE_NS}>{lines}</Invoice>".encode())
        self.assertEqual(len(errors), 3)
        self.assertTrue(all(len(error) <= 200 for error in errors))
