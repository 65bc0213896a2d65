"""End-to-end tests against a running Odoo, as an integration sees it: XML-RPC over HTTP.

scripts/test starts Odoo on a fresh database with both add-ons and sets ODOO_URL,
ODOO_DB and ODOO_ADMIN_PASSWORD; run alone, these tests are skipped.
"""

import itertools
import os
import xmlrpc.client
from pathlib import Path

import pytest

import odoo.addons
from odoo.tools import config

REPO = Path(__file__).resolve().parent.parent
# The add-ons' test utilities are imported as Odoo imports them (odoo.addons.<add-on>.tests...), which
# imports the add-on's test package and with it Odoo's test framework (it expects test mode then).
odoo.addons.__path__ += [str(Path(odoo.addons.__file__).parents[2] / "addons"), str(REPO / "addons")]
config["test_enable"] = True

from odoo.addons.account_invoice_send_owner.tests.smtp_server import SmtpServer  # noqa: E402

_user_numbers = itertools.count(1)


class OdooRpc:
    """A logged-in XML-RPC client: `rpc.call(model, method, *args, **kwargs)`."""

    def __init__(self, url, db, login, password):
        self.url, self.db, self.login, self.password = url, db, login, password
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common", allow_none=True)
        self.uid = common.authenticate(db, login, password, {})
        if not self.uid:
            raise PermissionError(f"login {login!r} refused")
        self._object = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/object", allow_none=True)

    def call(self, model, method, *args, **kwargs):
        return self._object.execute_kw(self.db, self.uid, self.password, model, method, list(args), kwargs)

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        found = self.call("ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], ["res_id"])
        return found[0]["res_id"]


@pytest.fixture(scope="session")
def odoo_server():
    url, db = os.environ.get("ODOO_URL"), os.environ.get("ODOO_DB")
    if not (url and db):
        pytest.skip("needs a running Odoo: run through scripts/test")
    return {"url": url, "db": db, "admin_password": os.environ.get("ODOO_ADMIN_PASSWORD", "admin")}


@pytest.fixture(scope="session")
def admin(odoo_server):
    return OdooRpc(odoo_server["url"], odoo_server["db"], "admin", odoo_server["admin_password"])


@pytest.fixture(scope="session")
def make_user(admin, odoo_server):
    """Create a user with the given groups (xml ids) and return an RPC client logged in as that user."""

    def make(*group_xmlids, name="Integration"):
        login = f"{name.lower()}-{next(_user_numbers)}@example.com"
        group_ids = [admin.ref(xmlid) for xmlid in group_xmlids]
        admin.call(
            "res.users",
            "create",
            {"name": f"{name} {login}", "login": login, "password": login, "groups_id": [(6, 0, group_ids)]},
        )
        return OdooRpc(odoo_server["url"], odoo_server["db"], login, login)

    return make


@pytest.fixture(scope="session")
def billing_user(make_user):
    """An Invoicing user ("Billing") who may create customers, as an integration logs in."""
    return make_user("base.group_user", "base.group_partner_manager", "account.group_account_invoice", name="Billing")


@pytest.fixture(scope="module")
def smtp(admin):
    with SmtpServer() as server:
        mail_server_id = admin.call(
            "ir.mail_server",
            "create",
            {
                "name": "Test SMTP",
                "smtp_host": "127.0.0.1",
                "smtp_port": server.port,
                "smtp_encryption": "none",
                "sequence": 1,
            },
        )
        company_id = admin.call("res.users", "read", [admin.uid], ["company_id"])[0]["company_id"][0]
        admin.call("res.company", "write", [company_id], {"email": "billing@company.example.com"})
        yield server
        admin.call("ir.mail_server", "unlink", [mail_server_id])
