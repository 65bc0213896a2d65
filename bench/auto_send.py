"""Automatic sending of due invoices, against Odoo's own batch "Send", in the same run.

Each side sends the same number of posted customer invoices, PDF made by wkhtmltopdf and email
delivered to a local SMTP server, one transaction per cron batch as the cron runs them:
- Odoo: the batch Send wizard (asynchronous), then account's cron `_cron_account_move_send`
  (20 invoices per call, as in its cron record) until all are sent;
- ours: the invoices are due (send date today), then `_cron_auto_send` until none is due.
The ratio compares the same work, one email per invoice: ours without the blind copy. Then ours
again with the blind copy (the default: a second email per invoice, with the PDF), whose cost is
printed apart. Also SQL queries per invoice of our cron at two batch sizes (should not grow with
the batch). Before each measure the database is vacuumed and analysed, as autovacuum would: the
invoices were just written in bulk, and without it the figures depended on the order of the measures.

    python3 bench/auto_send.py            # 1,000 invoices each side
    BENCH_INVOICES=100 python3 bench/auto_send.py
"""

import contextlib
import os
import subprocess
import sys
import time

from _common import bench_database, devenv, report

INVOICES = int(os.environ.get("BENCH_INVOICES", 1000))
TARGET_RATIO = 1.1
ODOO_JOB_COUNT = 20  # account.ir_cron_account_move_send: model._cron_account_move_send(job_count=20)
QUERY_BATCHES = (10, 50)
CONF_CRON_LIMIT = 600  # limit_time_real_cron of the shipped odoo.conf
ODOO_DEFAULT_LIMIT = 120  # Odoo's default limit_time_real


@contextlib.contextmanager
def smtp_server():
    """The tests' SMTP server, counting only; importable once Odoo knows its add-ons (bench_database)."""
    from odoo.tools import mute_logger

    # Its package imports Odoo's test framework, which logs an error outside test mode.
    with mute_logger("odoo.tests.common"):
        from odoo.addons.account_invoice_send_owner.tests.smtp_server import SmtpServer
    with SmtpServer(keep=False) as smtp:
        yield smtp


@contextlib.contextmanager
def http_server(db):
    """An Odoo HTTP server on the database, as in production: wkhtmltopdf loads the report's styles from it."""
    port = devenv.free_port()
    cmd = devenv.odoo_command(*db.odoo_args(), f"--http-port={port}", "--http-interface=127.0.0.1", "--log-level=warn")
    with subprocess.Popen(cmd, env=devenv.odoo_env(), cwd=devenv.REPO) as server:
        try:
            devenv.wait_for_http(f"http://127.0.0.1:{port}/web/login", server)
            with db.env() as env:
                env["ir.config_parameter"].set_param("web.base.url", f"http://127.0.0.1:{port}")
                env["ir.config_parameter"].set_param("web.base.url.freeze", True)
            yield
        finally:
            server.terminate()
            server.wait(timeout=30)


def set_up(db, smtp_port):
    with db.env() as env:
        company = env.ref("base.main_company")
        if not company.chart_template:
            env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        company.email = "billing@company.example.com"
        # account.pdf_generation_batch is left to Odoo's default: with the wkhtmltopdf here (0.12.6, unpatched
        # Qt) the add-on prints one invoice per call by itself, on both sides (it is a hook of Odoo's sender).
        # Odoo waits report.print_delay (1000 ms) per wkhtmltopdf call for the page's scripts, which an invoice
        # does not need; the same for both sides.
        env["ir.config_parameter"].set_param("report.print_delay", "0")
        env["ir.mail_server"].create(
            {"name": "sink", "smtp_host": "127.0.0.1", "smtp_port": smtp_port, "smtp_encryption": "none"}
        )
        partners = env["res.partner"].create(
            [{"name": f"Customer {n}", "email": f"ap{n}@customer.example.com"} for n in range(20)]
        )
        return partners.ids


def create_posted_invoices(db, partner_ids, count, chunk=50):
    """Posted customer invoices, `chunk` per transaction."""
    ids = []
    for start in range(0, count, chunk):
        with db.env() as env:
            moves = env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner_ids[n % len(partner_ids)],
                        "invoice_line_ids": [(0, 0, {"name": f"Service {n}", "quantity": 1, "price_unit": 100 + n})],
                    }
                    for n in range(start, min(start + chunk, count))
                ]
            )
            moves.action_post()
            ids += moves.ids
    return ids


def odoo_batch_send(db, ids):
    with db.env() as env:
        wizard = (
            env["account.move.send.batch.wizard"].with_context(active_model="account.move", active_ids=ids).create({})
        )
        wizard.action_send_and_print()
    while True:
        with db.env() as env:
            if not env["account.move"].search_count([("id", "in", ids), ("sending_data", "!=", False)]):
                return
            env["account.move"]._cron_account_move_send(job_count=ODOO_JOB_COUNT)


def set_blind_copy(db, enabled):
    with db.env() as env:
        env.ref("base.main_company").invoice_auto_send_bcc = enabled


def make_due(db, ids):
    with db.env() as env:
        env["account.move"].browse(ids).send_date = env["account.move"].browse(ids[0]).invoice_date


def our_cron_send(db, ids, batch_size):
    while True:
        with db.env() as env:
            if not env["account.move"].search_count(env["account.move"]._auto_send_due_domain()):
                return
            env["account.move"]._cron_auto_send(batch_size=batch_size)


def check_sent(db, ids, label):
    with db.env() as env:
        moves = env["account.move"].browse(ids)
        unsent = moves.filtered(lambda m: not m.is_move_sent or not m.invoice_pdf_report_id)
        if unsent:
            raise SystemExit(f"{label}: {len(unsent)} invoices not sent")


def queries_per_invoice(db, ids, batch_size):
    make_due(db, ids)
    with db.env() as env:
        before = env.cr.sql_log_count
        env["account.move"]._cron_auto_send(batch_size=batch_size)
        return (env.cr.sql_log_count - before) / batch_size


def timed_run(func, *args):
    start = time.perf_counter()
    func(*args)
    return time.perf_counter() - start


def timed_auto_send(db, smtp, ids, batch_size, blind_copy):
    """(seconds, emails delivered) of the auto-send cron sending `ids`."""
    set_blind_copy(db, blind_copy)
    make_due(db, ids)
    db.vacuum()
    mails_before = smtp.count
    seconds = timed_run(our_cron_send, db, ids, batch_size)
    check_sent(db, ids, "auto-send cron")
    return seconds, smtp.count - mails_before


def main():
    with bench_database() as db, smtp_server() as smtp:
        with db.env() as env:
            batch_size = int(env["ir.config_parameter"].get_param("account_invoice_auto_send.batch_size", 50))
        partner_ids = set_up(db, smtp.port)
        odoo_ids = create_posted_invoices(db, partner_ids, INVOICES)
        our_ids = create_posted_invoices(db, partner_ids, INVOICES)
        copy_ids = create_posted_invoices(db, partner_ids, INVOICES)
        query_ids = create_posted_invoices(db, partner_ids, sum(QUERY_BATCHES))

        with http_server(db):
            # Warm up both paths (report assets, templates) outside the measures.
            warm_ids = create_posted_invoices(db, partner_ids, 4)
            odoo_batch_send(db, warm_ids[:2])
            make_due(db, warm_ids[2:])
            our_cron_send(db, warm_ids[2:], batch_size)

            db.vacuum()
            mails_before = smtp.count
            odoo_seconds = timed_run(odoo_batch_send, db, odoo_ids)
            check_sent(db, odoo_ids, "Odoo batch Send")
            odoo_mails = smtp.count - mails_before

            our_seconds, our_mails = timed_auto_send(db, smtp, our_ids, batch_size, blind_copy=False)
            copy_seconds, copy_mails = timed_auto_send(db, smtp, copy_ids, batch_size, blind_copy=True)

            small, large = QUERY_BATCHES
            queries = {
                small: queries_per_invoice(db, query_ids[:small], small),
                large: queries_per_invoice(db, query_ids[small:], large),
            }

    print(
        f"Odoo batch Send:  {INVOICES} invoices in {odoo_seconds:.1f} s "
        f"({1000 * odoo_seconds / INVOICES:.0f} ms/invoice), {odoo_mails} emails delivered"
    )
    print(
        f"auto-send cron:   {INVOICES} invoices in {our_seconds:.1f} s "
        f"({1000 * our_seconds / INVOICES:.0f} ms/invoice, batch {batch_size}), {our_mails} emails delivered"
    )
    print(
        f"  with blind copy: {INVOICES} invoices in {copy_seconds:.1f} s "
        f"({1000 * copy_seconds / INVOICES:.0f} ms/invoice), {copy_mails} emails delivered (invoice + copy); "
        f"the copy costs {1000 * (copy_seconds - our_seconds) / INVOICES:.0f} ms/invoice"
    )
    for size, per_invoice in queries.items():
        print(f"SQL queries per invoice, cron batch of {size}: {per_invoice:.1f}")
    # Importable once the database (and so the add-ons path) is loaded.
    from odoo.addons.account_invoice_auto_send.models.account_move_auto_send import CronTimeBudget

    # Sized with the blind copy, as the add-on runs by default.
    seconds_per_invoice = copy_seconds / INVOICES
    batches = -(-INVOICES // batch_size)
    print(f"time per batch of {min(batch_size, INVOICES)}: {copy_seconds / batches:.1f} s")
    for limit in (CONF_CRON_LIMIT, ODOO_DEFAULT_LIMIT):
        print(
            f"largest batch within {limit} s: {int(limit / seconds_per_invoice)} invoices; the sending takes "
            f"{int(limit * CronTimeBudget.SHARE / seconds_per_invoice)} per run (half the limit)"
        )
    ratio = our_seconds / odoo_seconds
    print(f"ratio auto-send / Odoo batch Send (one email per invoice each): {ratio:.2f}")
    return report("auto_send_ratio", ratio, "x", f"<={TARGET_RATIO}", ratio <= TARGET_RATIO)


if __name__ == "__main__":
    devenv.main_guard(lambda: sys.exit(main()))
