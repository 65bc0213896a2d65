"""A billing user edits a customer's VAT over XML-RPC; the e-invoice recipient status is
checked at once against a Peppol SMP started here on 127.0.0.1."""

import threading
import xmlrpc.client
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

import pytest

INVOICE_DOCTYPE = (
    "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice"
    "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1"
)
RECIPIENT = "9925:be0477472701"


class SmpHandler(BaseHTTPRequestHandler):
    """Service group of one Peppol participant; 404 for everyone else."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        participant = unquote(self.path.lstrip("/")).removeprefix("iso6523-actorid-upis::").lower()
        if participant != RECIPIENT:
            self.send_response(404)
            self.end_headers()
            return
        body = (
            '<ServiceGroup xmlns="http://busdox.org/serviceMetadata/publishing/1.0/" '
            'xmlns:id="http://busdox.org/transport/identifiers/1.0/">'
            f'<id:ParticipantIdentifier scheme="iso6523-actorid-upis">{RECIPIENT}</id:ParticipantIdentifier>'
            "<ServiceMetadataReferenceCollection>"
            f'<ServiceMetadataReference href="http://smp/iso6523-actorid-upis::{RECIPIENT}/services/'
            f'busdox-docid-qns::{INVOICE_DOCTYPE}"/>'
            "</ServiceMetadataReferenceCollection></ServiceGroup>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def smp_registry(admin):
    server = ThreadingHTTPServer(("127.0.0.1", 0), SmpHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    company_id = admin.call("res.users", "read", [admin.uid], ["company_id"])[0]["company_id"][0]
    admin.call("res.company", "write", [company_id], {"einvoice_recipient_check": True})
    registry_id = admin.call(
        "einvoice.registry",
        "create",
        {
            "name": "Peppol (test SMP)",
            "provider": "peppol_smp",
            "sml_zone": "test",
            "smp_url": f"http://127.0.0.1:{server.server_address[1]}",
            "timeout": 5,
        },
    )
    yield registry_id
    admin.call("einvoice.registry", "unlink", [registry_id])
    admin.call("res.company", "write", [company_id], {"einvoice_recipient_check": False})
    server.shutdown()
    server.server_close()


def test_vat_edit_over_rpc_updates_status(make_user, smp_registry, admin):
    # A billing user as Odoo creates them by default: internal users may create contacts.
    billing = make_user(
        "base.group_user", "base.group_partner_manager", "account.group_account_invoice", name="Billing"
    )
    belgium = admin.ref("base.be")
    partner_id = billing.call(
        "res.partner",
        "create",
        {"name": "RPC Customer", "is_company": True, "country_id": belgium, "vat": "BE0123456749"},
    )
    fields = ["einvoice_recipient_state", "einvoice_identifier", "einvoice_network", "einvoice_checked_at"]
    partner = billing.call("res.partner", "read", [partner_id], fields)[0]
    assert partner["einvoice_recipient_state"] == "not_recipient"
    assert partner["einvoice_checked_at"]

    billing.call("res.partner", "write", [partner_id], {"vat": "BE0477472701"})
    partner = billing.call("res.partner", "read", [partner_id], fields)[0]
    assert partner["einvoice_recipient_state"] == "recipient"
    assert partner["einvoice_identifier"] == RECIPIENT
    assert partner["einvoice_network"] == "Peppol"

    messages = admin.call(
        "mail.message", "search_read", [("model", "=", "res.partner"), ("res_id", "=", partner_id)], ["body"]
    )
    assert any("E-invoice status" in message["body"] for message in messages)


def test_registry_secrets_hidden_from_billing_user(make_user, smp_registry):
    billing = make_user("base.group_user", "account.group_account_invoice", name="Billing")
    with pytest.raises(Exception, match=r"einvoice\.registry|access"):
        billing.call("einvoice.registry", "read", [smp_registry], ["api_password"])


USER_KINDS = {
    "portal": ("base.group_portal",),
    "internal": ("base.group_user",),
    "contact creation": ("base.group_user", "base.group_partner_manager"),
    "integration (billing, contact creation)": (
        "base.group_user",
        "base.group_partner_manager",
        "account.group_account_invoice",
    ),
    "accountant": ("base.group_user", "base.group_partner_manager", "account.group_account_manager"),
}


@pytest.mark.parametrize("kind", list(USER_KINDS))
def test_status_cannot_be_forged_over_rpc(make_user, admin, kind):
    user = make_user(*USER_KINDS[kind], name=kind.split()[0].capitalize())
    partner_id = admin.call("res.partner", "create", {"name": f"Forge target ({kind})", "is_company": True})
    with pytest.raises(xmlrpc.client.Fault):
        user.call(
            "res.partner",
            "write",
            [partner_id],
            {"einvoice_recipient_state": "recipient", "einvoice_network": "Forged network"},
        )
    # Not even with the context key the sync uses for its own writes.
    with pytest.raises(xmlrpc.client.Fault):
        user.call(
            "res.partner",
            "write",
            [partner_id],
            {"einvoice_recipient_state": "recipient"},
            context={"einvoice_sync": True},
        )
    [partner] = admin.call("res.partner", "read", [partner_id], ["einvoice_recipient_state", "einvoice_network"])
    assert partner["einvoice_recipient_state"] == "unknown"
    assert not partner["einvoice_network"]


def test_administrator_sets_a_status_over_rpc_and_the_chatter_names_them(admin):
    partner_id = admin.call("res.partner", "create", {"name": "Set by the administrator", "is_company": True})
    admin.call("res.partner", "write", [partner_id], {"einvoice_recipient_state": "not_recipient"})
    [partner] = admin.call("res.partner", "read", [partner_id], ["einvoice_recipient_state"])
    assert partner["einvoice_recipient_state"] == "not_recipient"
    messages = admin.call(
        "mail.message", "search_read", [("model", "=", "res.partner"), ("res_id", "=", partner_id)], ["body"]
    )
    [admin_user] = admin.call("res.users", "read", [admin.uid], ["name"])
    assert any(
        "E-invoice status set by hand" in message["body"] and admin_user["name"] in message["body"]
        for message in messages
    )
