"""End-to-end tests against a running Odoo, as an integration sees it: XML-RPC over HTTP.

scripts/test starts Odoo on a fresh database with both add-ons and sets ODOO_URL,
ODOO_DB and ODOO_ADMIN_PASSWORD; run alone, these tests are skipped.
"""

import email
import itertools
import os
import socketserver
import threading
import time
import xmlrpc.client
from email import policy

import pytest

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


class SmtpServer(socketserver.ThreadingTCPServer):
    """A minimal SMTP server (RFC 5321 subset) that keeps the messages it accepts.

    With `refuse = True` it answers the connection with 554, as a mail server that is down.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SmtpSession)
        self.messages = []  # (envelope recipients, email.message.EmailMessage)
        self.refuse = False

    def to(self, address, wait_for=0, timeout=20):
        """The messages delivered to `address`, waiting up to `timeout` seconds for `wait_for` of them."""
        deadline = time.monotonic() + timeout
        while True:
            found = [message for recipients, message in self.messages if address in recipients]
            if len(found) >= wait_for or time.monotonic() > deadline:
                return found
            time.sleep(0.1)


class SmtpSession(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        if self.server.refuse:
            self.reply("554 5.3.2 Service temporarily unavailable")
            return
        self.reply("220 test-smtp ESMTP")
        recipients = []
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 test-smtp")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>").lower())
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.server.messages.append((recipients, self.read_message()))
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:  # RSET, NOOP
                self.reply("250 OK")

    def read_message(self):
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return email.message_from_bytes(b"".join(lines), policy=policy.default)


@pytest.fixture(scope="module")
def smtp(admin):
    server = SmtpServer()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    mail_server_id = admin.call(
        "ir.mail_server",
        "create",
        {
            "name": "Test SMTP",
            "smtp_host": "127.0.0.1",
            "smtp_port": server.server_address[1],
            "smtp_encryption": "none",
            "sequence": 1,
        },
    )
    company_id = admin.call("res.users", "read", [admin.uid], ["company_id"])[0]["company_id"][0]
    admin.call("res.company", "write", [company_id], {"email": "billing@company.example.com"})
    yield server
    admin.call("ir.mail_server", "unlink", [mail_server_id])
    server.shutdown()
