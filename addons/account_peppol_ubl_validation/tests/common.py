"""What the UBL validation tests share: a company on Peppol through Odoo's demo access point, a
customer on Peppol, an Odoo UBL customisation that breaks the schema, and a local HTTP server
that counts what a hostile document makes a parser ask for."""

import contextlib
import http.server
import threading
from unittest.mock import patch

from odoo import Command, fields
from odoo.addons.account.models.account_move_send import AccountMoveSend
from odoo.addons.account.tests.common import AccountTestInvoicingCommon

PEPPOL_LOG = "The document has been sent to the Peppol Access Point for processing"
LATE_NOTE_REF = "DELIVERED LATE"

# A customisation of Odoo's UBL template as an add-on or Studio could make it: a note after the
# currency code, where the schema allows none. Only on invoices whose reference asks for it.
NOTE_OUT_OF_PLACE = f"""
<xpath expr="//*[local-name()='DocumentCurrencyCode']" position="after">
    <cbc:Note xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
              t-if="invoice.ref == '{LATE_NOTE_REF}'">Delivered late</cbc:Note>
</xpath>
"""


def set_up_peppol_demo(env, company):
    """The company on Peppol through Odoo's demo access point; returns a Belgian customer whose
    sending method is Peppol."""
    belgium = env.ref("base.be")
    company.write(
        {
            "country_id": belgium.id,
            "street": "Rue de la Loi 16",
            "zip": "1000",
            "city": "Bruxelles",
            "vat": "BE0477472701",
            "email": "billing@company.example.com",
            "peppol_eas": "0208",
            "peppol_endpoint": "0477472701",
            "account_peppol_proxy_state": "sender",
        }
    )
    env["account_edi_proxy_client.user"].create(
        {
            "id_client": f"demo-{company.id}",
            "proxy_type": "peppol",
            "edi_mode": "demo",  # Odoo's demo access point: Odoo's sending code, no network
            "company_id": company.id,
            "edi_identification": "0208:0477472701",
            "private_key_id": env["certificate.key"]._generate_rsa_private_key(company).id,
            "refresh_token": "demo",
        }
    )
    customer = env["res.partner"].create(
        {
            "name": "Peppol Customer",
            "is_company": True,
            "country_id": belgium.id,
            "street": "Rue du Client 1",
            "zip": "1000",
            "city": "Bruxelles",
            "vat": "BE0202239951",
            "peppol_eas": "0208",
            "peppol_endpoint": "0202239951",
            "invoice_edi_format": "ubl_bis3",
            "email": "ap@customer.example.com",
            "lang": "en_US",
        }
    )
    customer.with_company(company).invoice_sending_method = "peppol"
    return customer


class PeppolDemoCase(AccountTestInvoicingCommon):
    """A Belgian company sending by Peppol through Odoo's demo access point (Odoo's own sending
    code, no network), and a Belgian customer whose sending method is Peppol."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.customer = set_up_peppol_demo(cls.env, cls.company)

    def setUp(self):
        super().setUp()
        # The test cursor cannot commit. Odoo's sender says so itself only while
        # odoo.modules.module.current_test is set, which post_install tests here run without.
        patcher = patch.object(AccountMoveSend, "_can_commit", lambda self: False)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _invoice(self, move_type="out_invoice", **values):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": self.customer.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Consulting",
                            "quantity": 2,
                            "price_unit": 150.0,
                            "tax_ids": [Command.set(self.company_data["default_tax_sale"].ids)],
                        }
                    )
                ],
                **values,
            }
        )
        move.action_post()
        return move

    def _customise_ubl_with_a_note_out_of_place(self):
        return customise_ubl_with_a_note_out_of_place(self.env)

    def _send_in_background(self, moves):
        """As the Send button of the invoice list does: Odoo's batch wizard, then its sending cron."""
        wizard = (
            self.env["account.move.send.batch.wizard"]
            .with_context(active_model="account.move", active_ids=moves.ids)
            .create({})
        )
        wizard.action_send_and_print()
        self.env["account.move"]._cron_account_move_send()

    def _handed_to_access_point(self, move):
        return bool(move.peppol_message_uuid) and any(PEPPOL_LOG in (m.body or "") for m in move.message_ids)


def customise_ubl_with_a_note_out_of_place(env):
    """Odoo's UBL template, customised: invoices with the reference LATE_NOTE_REF get a misplaced note."""
    return env["ir.ui.view"].create(
        {
            "name": "UBL: a note after the currency (test customisation)",
            "type": "qweb",
            "inherit_id": env.ref("account_edi_ubl_cii.ubl_20_CommonType").id,
            "arch": NOTE_OUT_OF_PLACE,
        }
    )


class CountingHttpServer(http.server.ThreadingHTTPServer):
    """A server on 127.0.0.1 that answers every GET with an entity declaration and counts the requests."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), CountingHandler)
        self.requests = []

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


class CountingHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.requests.append(self.path)
        body = b'<!ENTITY secret "fetched from the network">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass  # quiet


@contextlib.contextmanager
def counting_http_server():
    server = CountingHttpServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
