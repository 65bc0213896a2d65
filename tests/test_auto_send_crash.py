"""Automatic sending survives a crash during delivery, as an operator meets it.

Real Odoo server processes with a cron thread (not test-mode transactions) send invoices due
today to an SMTP server started here; at chosen points of the delivery the SMTP server stops
answering and the test kills the server with SIGKILL, then starts a fresh one. Counted on the
SMTP side: nothing lost, at most one message twice per kill, and the rest delivered by the next
run of the automatic sending (not by Odoo's hourly mail queue).
"""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

import pytest

from odoo.addons.account_invoice_send_owner.tests.smtp_server import SmtpServer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import devenv

CUSTOMERS = 10
BATCH_SIZE = 4
DUPLICATE_NOTE = "may have been sent twice: the server stopped during delivery"
# Messages are numbered in the order the SMTP server receives them (customer email, then its blind copy).
IN_FLIGHT = 3  # stop after the DATA of this message: the server has it, Odoo never hears back
BETWEEN = 11  # stop when this message begins: nothing of it arrived


class CronServer:
    """An Odoo server with one cron thread on the test database, started and killed as an operator would."""

    def __init__(self, log_dir, name):
        self.log = log_dir / f"{name}.log"
        args = json.loads(os.environ["ODOO_SERVER_ARGS"])
        port = devenv.free_port()
        cmd = devenv.odoo_command(
            *args, f"--http-port={port}", "--http-interface=127.0.0.1", "--max-cron-threads=1", f"--logfile={self.log}"
        )
        self.process = subprocess.Popen(cmd, env=devenv.odoo_env(), cwd=devenv.REPO)
        devenv.wait_for_http(f"http://127.0.0.1:{port}/web/login", self.process)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=60)


def wake_cron_threads(dbname):
    """What a trigger due now does: NOTIFY the cron threads (they poll only every minute otherwise)."""
    import psycopg2

    options = json.loads(os.environ["ODOO_DB_OPTIONS"])
    connection = psycopg2.connect(
        dbname="postgres", host=options["db_host"], port=options["db_port"], user=options["db_user"]
    )
    try:
        connection.autocommit = True
        connection.cursor().execute("SELECT pg_notify('cron_trigger', %s)", (dbname,))
    finally:
        connection.close()


@pytest.fixture
def smtp():
    with SmtpServer(keep=False) as server:
        yield server


@pytest.fixture
def servers(tmp_path):
    if "ODOO_SERVER_ARGS" not in os.environ:
        pytest.skip("needs the database options: run through scripts/test")
    started = []

    def start(name):
        started.append(CronServer(tmp_path, name))
        return started[-1]

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def customers(admin, odoo_server, smtp):
    """Customers with a posted invoice each, due today, and a mail server that is the SMTP server above."""
    token = uuid.uuid4().hex[:8]
    company_id = admin.ref("base.main_company")
    company_fields = ["email", "invoice_auto_send_bcc", "invoice_auto_send_bcc_partner_id"]
    saved = admin.call("res.company", "read", [company_id], company_fields, load=None)[0]
    saved.pop("id")
    control = admin.call("res.partner", "create", {"name": "Control", "email": f"control-{token}@crash.example.com"})
    admin.call(
        "res.company",
        "write",
        [company_id],
        {
            "email": "billing@company.example.com",
            "invoice_auto_send_bcc": True,
            "invoice_auto_send_bcc_partner_id": control,
        },
    )
    mail_server = admin.call(
        "ir.mail_server",
        "create",
        {"name": "crash", "smtp_host": "127.0.0.1", "smtp_port": smtp.port, "sequence": 0},
    )
    parameters = {
        "account_invoice_auto_send.batch_size": str(BATCH_SIZE),
        "report.url": odoo_server["url"],  # wkhtmltopdf loads the invoice's styles from a server that stays up
    }
    saved_parameters = {key: admin.call("ir.config_parameter", "get_param", key) for key in parameters}
    for key, value in parameters.items():
        admin.call("ir.config_parameter", "set_param", key, value)
    # Odoo's hourly mail queue must not deliver in the test's place: as if it had just run.
    mail_queue = admin.ref("mail.ir_cron_mail_scheduler_action")
    saved_queue = admin.call("ir.cron", "read", [mail_queue], ["nextcall"])[0]["nextcall"]
    admin.call("ir.cron", "write", [mail_queue], {"nextcall": "2999-01-01 00:00:00"})
    emails = [f"customer{n}-{token}@crash.example.com" for n in range(CUSTOMERS)]
    partner_ids = admin.call(
        "res.partner",
        "create",
        [
            {"name": f"Crash Customer {n}", "email": email, "invoice_sending_method": "email"}
            for n, email in enumerate(emails)
        ],
    )
    move_ids = admin.call(
        "account.move",
        "create",
        [
            {
                "move_type": "out_invoice",
                "partner_id": partner_id,
                "invoice_line_ids": [(0, 0, {"name": "Membership", "quantity": 1, "price_unit": 100 + n})],
            }
            for n, partner_id in enumerate(partner_ids)
        ],
    )
    admin.call("account.move", "action_post", move_ids)
    admin.call("account.move", "write", move_ids, {"send_date": date.today().isoformat()})
    yield {"emails": emails, "control": f"control-{token}@crash.example.com", "move_ids": move_ids}
    admin.call("ir.cron", "write", [mail_queue], {"nextcall": saved_queue})
    for key, value in saved_parameters.items():
        admin.call("ir.config_parameter", "set_param", key, value or False)
    admin.call("ir.mail_server", "unlink", [mail_server])
    admin.call("res.company", "write", [company_id], saved)  # the next tests expect the company as it was


def invoice_states(admin, move_ids):
    return {
        move["id"]: move["auto_send_state"]
        for move in admin.call("account.move", "read", move_ids, ["auto_send_state"])
    }


def queued_mails(admin, move_ids):
    message_ids = [
        m["auto_send_message_id"][0]
        for m in admin.call("account.move", "read", move_ids, ["auto_send_message_id"])
        if m["auto_send_message_id"]
    ]
    return admin.call(
        "mail.mail",
        "search_read",
        [("mail_message_id", "in", message_ids), ("state", "=", "outgoing")],
        ["einvoice_delivery_started"],
    )


def wait_until(condition, timeout, what, dbname):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"not within {timeout} s: {what}")
        wake_cron_threads(dbname)
        time.sleep(2)


def kill_at(smtp, servers, odoo_server, name, number, when):
    """Start a server, let it deliver until message `number`, then kill it there."""
    smtp.stall_at(number, when)
    server = servers(name)
    deadline = time.monotonic() + 300
    while not smtp.stalled.wait(2):  # the cron thread starts listening a moment after the server answers
        assert time.monotonic() < deadline, f"{name} never reached message {number}"
        wake_cron_threads(odoo_server["db"])
    server.kill()
    smtp.resume.set()


def test_kill_during_delivery_loses_nothing_and_sends_at_most_the_email_in_flight_twice(
    admin, odoo_server, smtp, servers, customers
):
    move_ids = customers["move_ids"]

    kill_at(smtp, servers, odoo_server, "first", IN_FLIGHT, "after")
    in_flight = [mail for mail in queued_mails(admin, move_ids) if mail["einvoice_delivery_started"]]
    assert len(in_flight) == 1, "the email in flight is recorded as started, committed before it went out"
    assert sum(smtp.delivered.values()) == IN_FLIGHT

    kill_at(smtp, servers, odoo_server, "second", BETWEEN, "before")

    restarted = time.monotonic()
    servers("third")
    wait_until(
        lambda: set(invoice_states(admin, move_ids).values()) == {"sent"} and not queued_mails(admin, move_ids),
        300,
        "every invoice sent and every email delivered after the restart",
        odoo_server["db"],
    )
    delivery_time = time.monotonic() - restarted

    per_customer = {email: smtp.delivered[email] for email in customers["emails"]}
    assert min(per_customer.values()) == 1, f"nobody lost: {per_customer}"
    duplicates = sum(per_customer.values()) - CUSTOMERS + smtp.delivered[customers["control"]] - CUSTOMERS
    assert smtp.delivered[customers["control"]] >= CUSTOMERS, "every blind copy delivered"
    assert duplicates <= 2, f"at most the email in flight twice per kill: {per_customer}, copies {smtp.delivered}"
    # The next run of the automatic sending delivered the rest, not Odoo's hourly mail queue.
    assert delivery_time < 300

    notes = admin.call(
        "mail.message",
        "search_read",
        [("model", "=", "account.move"), ("res_id", "in", move_ids), ("body", "ilike", DUPLICATE_NOTE)],
        ["res_id"],
    )
    assert notes, "the invoice whose email was in flight says it may have been sent twice"
    assert len(notes) <= 2
