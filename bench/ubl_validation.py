"""The cost of checking each Peppol e-invoice against the UBL 2.1 schema (account_peppol_ubl_validation).

Customer invoices with a few lines each are sent by Peppol through Odoo's own sender (demo access
point, no network), their PDF made by wkhtmltopdf and embedded in the UBL as Odoo does. The
documents as sent are then checked again and again, and parsed bare (lxml, the same bytes) in the
same run, so the ratio holds on a busy machine. Target: at most 20 ms per invoice.

    python3 bench/ubl_validation.py            # 20 invoices
    BENCH_INVOICES=50 python3 bench/ubl_validation.py
"""

import os
import sys
import time

from _common import bench_database, devenv, report, timed
from auto_send import http_server

INVOICES = int(os.environ.get("BENCH_INVOICES", 20))
ROUNDS = 10  # checks of each document, for a steady figure
TARGET_MS = 20
MODULE = "account_peppol_ubl_validation"


def set_up(db):
    # Importable once the database (and so the add-ons path) is loaded.
    from odoo.addons.account_peppol_ubl_validation.tests.common import set_up_peppol_demo

    with db.env() as env:
        company = env.ref("base.main_company")
        if not company.chart_template:
            env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        customer = set_up_peppol_demo(env, company)
        env["ir.config_parameter"].set_param("report.print_delay", "0")
        # One PDF per wkhtmltopdf call: Debian's build cannot print several documents in one.
        env["ir.config_parameter"].set_param("account.pdf_generation_batch", "0")
        tax = company.account_sale_tax_id
        moves = env["account.move"].create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {"name": f"Service {n}.{line}", "quantity": line, "price_unit": 40 + n, "tax_ids": tax.ids},
                        )
                        for line in range(1, 6)
                    ],
                }
                for n in range(INVOICES)
            ]
        )
        moves.action_post()
        return moves.ids


def send_by_peppol(db, ids):
    with db.env() as env:
        moves = env["account.move"].browse(ids)
        env["account.move.send"]._generate_and_send_invoices(moves, allow_raising=False)
        refused = moves.filtered(lambda m: m.peppol_move_state != "processing")
        if refused:
            raise SystemExit(
                f"{len(refused)} invoices not handed to the access point: {refused.mapped('message_ids.body')[:1]}"
            )
        return [move.ubl_cii_xml_id.raw for move in moves]


def per_document_ms(check, documents):
    start = time.perf_counter()
    for _round in range(ROUNDS):
        for document in documents:
            check(document)
    return 1000 * (time.perf_counter() - start) / (ROUNDS * len(documents))


def main():
    with bench_database(modules=(MODULE,)) as db:
        ids = set_up(db)
        with http_server(db):  # wkhtmltopdf loads the report's styles from the server, as in production
            send_seconds, documents = timed(send_by_peppol, db, ids)
    # Importable once the database (and so the add-ons path) is loaded.
    from lxml import etree

    from odoo.addons.account_peppol_ubl_validation.tools.ubl_schema import UBL_SCHEMA, UblSchema

    build_seconds, _schema = timed(lambda: UblSchema().schema)
    if any(UBL_SCHEMA.errors(document) for document in documents):
        raise SystemExit("a document Odoo sent does not validate")
    check_ms = per_document_ms(UBL_SCHEMA.errors, documents)
    parse_ms = per_document_ms(etree.fromstring, documents)
    size_kb = sum(len(document) for document in documents) / len(documents) / 1024
    print(
        f"{INVOICES} invoices sent by Peppol (demo access point) in {send_seconds:.1f} s "
        f"({1000 * send_seconds / INVOICES:.0f} ms/invoice, schema check included); documents of {size_kb:.0f} KB "
        "with their PDF"
    )
    print(f"schema built once per process in {build_seconds:.2f} s")
    print(
        f"schema check: {check_ms:.2f} ms/invoice; bare lxml parse: {parse_ms:.2f} ms/invoice; "
        f"ratio {check_ms / parse_ms:.0f}x; {100 * check_ms / (1000 * send_seconds / INVOICES):.1f} % of the sending"
    )
    return report("ubl_validation", check_ms, "ms/invoice", TARGET_MS, check_ms <= TARGET_MS)


if __name__ == "__main__":
    devenv.main_guard(lambda: sys.exit(main()))
