"""Unpaid customer invoice totals and payment reminders at volume.

20,000 customers with 200,000 posted invoices (half overdue; every 5th partly paid, every 7th
with a credit note, every 4th paid in full), inserted by SQL copies of one invoice, one payment
and one credit note made by the ORM, with the journal items and reconciliations Odoo would have.
Measured:
- the totals query as of today and as of 30 days ago (EXPLAIN ANALYZE execution time, against the
  bare sum of the open items per customer in the same run, and the
  wall time of the totals screen filling its rows, median of three), target < 1 s each;
- reminders for 2,000 late customers queued (rendered, mail.mail created), target < 60 s.

    python3 bench/dunning.py
    BENCH_CUSTOMERS=2000 BENCH_INVOICES=20000 python3 bench/dunning.py
    BENCH_PROFILE=/tmp/reminders.prof python3 bench/dunning.py   # cProfile of the reminder run
    BENCH_EXPLAIN=1 python3 bench/dunning.py                      # print the totals query plans
"""

import contextlib
import cProfile
import json
import os
import sys
import time
from datetime import timedelta

from _common import bench_database, report

CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", 20000))
INVOICES = int(os.environ.get("BENCH_INVOICES", 200000))
REMINDERS = int(os.environ.get("BENCH_REMINDERS", 2000))
TOTALS_TARGET = 1.0
REMINDERS_TARGET = 60.0
PROFILE = os.environ.get("BENCH_PROFILE")
EXPLAIN = os.environ.get("BENCH_EXPLAIN")


def columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s AND column_name <> 'id'", [table]
    )
    return [row[0] for row in cr.fetchall()]


def copy_rows(cr, table, template_where, source, overrides):
    """INSERT copies of the template row(s) of `table`, one per row of `source` (SQL FROM items).

    `overrides`: {column: SQL expression} replacing the template's value (``tpl`` is the template row).
    """
    cols = columns(cr, table)
    values = ", ".join(overrides.get(col, f"tpl.{col}") for col in cols)
    cr.execute(
        f"INSERT INTO {table} ({', '.join(cols)}) SELECT {values} FROM {table} tpl, {source} WHERE {template_where}"
    )
    return cr.rowcount


def build_templates(env):
    from odoo import Command, fields

    company = env.ref("base.main_company")
    if not company.chart_template:
        env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
    company.email = "billing@company.example.com"
    env["ir.config_parameter"].set_param("mail.batch_size", 500)
    today = fields.Date.context_today(env.user)
    partner = env["res.partner"].create({"name": "Bench Template", "email": "t@bench.example.com", "is_company": True})

    def move(move_type, amount):
        record = env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": today,
                "invoice_date_due": today,
                "invoice_payment_term_id": False,
                "invoice_line_ids": [Command.create({"name": "Fee", "price_unit": amount, "tax_ids": []})],
            }
        )
        record.action_post()
        return record

    invoice, refund = move("out_invoice", 100.0), move("out_refund", 100.0)
    payment = env["account.payment"].create(
        {"payment_type": "inbound", "partner_type": "customer", "partner_id": partner.id, "amount": 100.0}
    )
    payment.action_post()
    return company, partner, invoice, refund, payment.move_id


def insert_volume(env, company, partner, invoice, refund, payment_move):
    """The customers, invoices, payments and credit notes, with their reconciliations, by SQL."""
    cr = env.cr
    started = time.perf_counter()
    copy_rows(
        cr,
        "res_partner",
        f"tpl.id = {partner.id}",
        f"generate_series(1, {CUSTOMERS}) AS n",
        {
            "name": "'Bench Customer ' || n",
            "complete_name": "'Bench Customer ' || n",
            "email": "'ap' || n || '@bench.example.com'",
            "ref": "'bench-' || n",
        },
    )
    cr.execute("UPDATE res_partner SET commercial_partner_id = id WHERE ref LIKE 'bench-%'")
    cr.execute(
        "CREATE TEMP TABLE bench_customer AS SELECT id, substring(ref FROM 7)::int AS n FROM res_partner "
        "WHERE ref LIKE 'bench-%'"
    )
    cr.execute("CREATE UNIQUE INDEX ON bench_customer (n)")
    # One row per document to make: kind, number, customer, dates and amount.
    cr.execute(
        f"""
        CREATE TEMP TABLE bench_doc AS
        SELECT 'inv'::text AS kind, g.n, c.id AS partner_id,
               CURRENT_DATE - (g.n % 120) AS date, CURRENT_DATE - (g.n % 120) + 60 AS due,
               (100 + (g.n % 50) * 10)::numeric AS amount
          FROM generate_series(1, {INVOICES}) AS g(n)
          JOIN bench_customer c ON c.n = 1 + g.n % {CUSTOMERS};
        INSERT INTO bench_doc
        SELECT 'pay', n, partner_id, LEAST(date + 20, CURRENT_DATE), LEAST(date + 20, CURRENT_DATE),
               CASE WHEN n % 4 = 0 THEN amount ELSE round(amount / 3, 2) END
          FROM bench_doc WHERE kind = 'inv' AND (n % 5 = 0 OR n % 4 = 0);
        INSERT INTO bench_doc
        SELECT 'ref', n, partner_id, date + 3, date + 3, 50
          FROM bench_doc WHERE kind = 'inv' AND n % 7 = 0 AND n % 4 <> 0;
        CREATE INDEX ON bench_doc (kind, n);
        ANALYZE bench_customer;
        ANALYZE bench_doc;
        """
    )
    for kind, template in (("inv", invoice), ("pay", payment_move), ("ref", refund)):
        copy_rows(
            cr,
            "account_move",
            f"tpl.id = {template.id} AND doc.kind = '{kind}'",
            "bench_doc doc",
            {
                "name": f"'B{kind.upper()}/' || doc.n",
                "ref": f"'bench-{kind}-' || doc.n",
                "partner_id": "doc.partner_id",
                "commercial_partner_id": "doc.partner_id",
                "date": "doc.date",
                "invoice_date": "CASE WHEN tpl.invoice_date IS NULL THEN NULL ELSE doc.date END",
                "invoice_date_due": "CASE WHEN tpl.invoice_date_due IS NULL THEN NULL ELSE doc.due END",
                "amount_untaxed": "doc.amount",
                "amount_total": "doc.amount",
                "amount_residual": "doc.amount",
                "amount_untaxed_signed": "SIGN(tpl.amount_untaxed_signed) * doc.amount",
                "amount_total_signed": "SIGN(tpl.amount_total_signed) * doc.amount",
                "amount_total_in_currency_signed": "SIGN(tpl.amount_total_in_currency_signed) * doc.amount",
                "amount_residual_signed": "SIGN(tpl.amount_residual_signed) * doc.amount",
                "access_token": "NULL",
                "payment_reference": "NULL",
                "sequence_number": "doc.n",
                "sequence_prefix": f"'B{kind.upper()}/'",
            },
        )
        cr.execute(
            f"""
            CREATE TEMP TABLE bench_move_{kind} AS
            SELECT id, substring(ref FROM {len(kind) + 8})::int AS n FROM account_move WHERE ref LIKE 'bench-{kind}-%';
            CREATE UNIQUE INDEX ON bench_move_{kind} (n);
            ANALYZE bench_move_{kind};
            """
        )
        copy_rows(
            cr,
            "account_move_line",
            f"tpl.move_id = {template.id} AND doc.kind = '{kind}' AND m.n = doc.n",
            f"bench_doc doc JOIN bench_move_{kind} m ON m.n = doc.n",
            {
                "move_id": "m.id",
                "move_name": f"'B{kind.upper()}/' || doc.n",
                "partner_id": "doc.partner_id",
                "date": "doc.date",
                "invoice_date": "CASE WHEN tpl.invoice_date IS NULL THEN NULL ELSE doc.date END",
                "date_maturity": "CASE WHEN tpl.date_maturity IS NULL THEN NULL ELSE doc.due END",
                "balance": "SIGN(tpl.balance) * doc.amount",
                "debit": "CASE WHEN tpl.debit > 0 THEN doc.amount ELSE 0 END",
                "credit": "CASE WHEN tpl.credit > 0 THEN doc.amount ELSE 0 END",
                "amount_currency": "SIGN(tpl.amount_currency) * doc.amount",
                "amount_residual": "CASE WHEN tpl.amount_residual = 0 THEN 0 "
                "ELSE SIGN(tpl.amount_residual) * doc.amount END",
                "amount_residual_currency": "CASE WHEN tpl.amount_residual_currency = 0 THEN 0 "
                "ELSE SIGN(tpl.amount_residual_currency) * doc.amount END",
                "price_unit": "doc.amount",
                "price_subtotal": "doc.amount",
                "price_total": "doc.amount",
            },
        )
    # Match payments and credit notes with their invoices, as Odoo's reconciliation would have.
    # Statistics first: the planner would otherwise take the freshly filled tables for near-empty ones.
    cr.execute(
        """
        ANALYZE account_move;
        ANALYZE account_move_line;
        CREATE TEMP TABLE bench_receivable AS
        SELECT line.id, line.move_id, line.date, line.balance FROM account_move_line line
          JOIN account_account account ON account.id = line.account_id AND account.account_type = 'asset_receivable'
         WHERE line.move_name ~ '^B(INV|PAY|REF)/';
        CREATE INDEX ON bench_receivable (move_id);
        ANALYZE bench_receivable;
        INSERT INTO account_partial_reconcile (debit_move_id, credit_move_id, amount, debit_amount_currency,
                    credit_amount_currency, company_id, debit_currency_id, credit_currency_id,
                    max_date, create_date, write_date, create_uid, write_uid)
        SELECT inv.id, other.id, -other.balance, -other.balance, -other.balance, %(company)s,
               %(currency)s, %(currency)s, GREATEST(inv.date, other.date),
               GREATEST(inv.date, other.date), NOW(), 1, 1
          FROM bench_doc doc
          JOIN bench_move_inv mi ON mi.n = doc.n
          JOIN bench_receivable inv ON inv.move_id = mi.id
          JOIN LATERAL (SELECT id FROM bench_move_pay WHERE n = doc.n AND doc.kind = 'pay'
                        UNION ALL SELECT id FROM bench_move_ref WHERE n = doc.n AND doc.kind = 'ref') mo ON TRUE
          JOIN bench_receivable other ON other.move_id = mo.id
         WHERE doc.kind IN ('pay', 'ref');
        ANALYZE account_partial_reconcile;
        WITH settled AS (
            SELECT line_id, SUM(amount) AS amount FROM (
                SELECT debit_move_id AS line_id, amount FROM account_partial_reconcile
                UNION ALL SELECT credit_move_id, amount FROM account_partial_reconcile) s GROUP BY line_id)
        UPDATE account_move_line line
           SET amount_residual = line.balance - SIGN(line.balance) * settled.amount,
               amount_residual_currency = line.balance - SIGN(line.balance) * settled.amount,
               reconciled = (ABS(line.balance) = settled.amount)
          FROM settled WHERE settled.line_id = line.id AND line.move_name ~ '^B(INV|PAY|REF)/';
        UPDATE account_move move
           SET amount_residual = ABS(line.amount_residual),
               amount_residual_signed = line.amount_residual,
               payment_state = CASE WHEN line.amount_residual = 0 THEN 'paid' ELSE 'partial' END
          FROM account_move_line line
         WHERE line.move_id = move.id AND line.reconciled IS NOT NULL AND line.amount_residual <> line.balance
           AND line.id IN (SELECT id FROM bench_receivable);
        ANALYZE;
        """,
        {"company": company.id, "currency": company.currency_id.id},
    )
    env.invalidate_all()
    return time.perf_counter() - started


def explain_time(env, query):
    """The query's execution time in seconds, as PostgreSQL measures it (EXPLAIN ANALYZE)."""
    from odoo.tools import SQL

    env.flush_all()
    with env["payment.reminder.receivable.totals"]._without_jit():  # as the add-on runs it
        if EXPLAIN:
            env.cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", query))
            print("\n".join(row[0] for row in env.cr.fetchall()))
        env.cr.execute(SQL("EXPLAIN (ANALYZE, FORMAT JSON) %s", query))
        plan = env.cr.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0]["Execution Time"] / 1000.0


def bare_open_totals_query(env, totals, date, company):
    """The bare limit: today's open receivable items summed per customer, by the same index, nothing else."""
    from odoo.tools import SQL

    return SQL(
        """SELECT partner_id, currency_id, SUM(amount_residual), SUM(amount_residual_currency)
             FROM account_move_line
            WHERE account_id = ANY(%(accounts)s)
              AND (reconciled IS NULL OR reconciled = false OR reconciled IS NOT true)
              AND parent_state = 'posted' AND company_id = %(company)s AND date <= %(date)s
            GROUP BY partner_id, currency_id""",
        accounts=totals._receivable_account_ids(),
        company=company.id,
        date=date,
    )


def main():
    with bench_database() as db:
        with db.env() as env:
            company, partner, invoice, refund, payment_move = build_templates(env)
            ids = company.id, partner.id, invoice.id, refund.id, payment_move.id
        with db.env() as env:
            company, partner, invoice, refund, payment_move = (
                env[model].browse(record_id)
                for model, record_id in zip(
                    ("res.company", "res.partner", "account.move", "account.move", "account.move"), ids, strict=True
                )
            )
            seconds = insert_volume(env, company, partner, invoice, refund, payment_move)
            env.cr.execute("SELECT COUNT(*) FROM account_move WHERE state = 'posted' AND move_type = 'out_invoice'")
            print(f"inserted {CUSTOMERS} customers, {env.cr.fetchone()[0]} posted invoices in {seconds:.1f} s")
        db.vacuum("account_move_line", "account_partial_reconcile", "account_move", "res_partner")

        from odoo import fields

        results = []
        with db.env() as env:
            company = env["res.company"].browse(ids[0])
            totals = env["payment.reminder.receivable.totals"]
            today = fields.Date.context_today(env.user)
            for label, date in (("today", today), ("30 days ago", today - timedelta(days=30))):
                runs = sorted(explain_time(env, totals._totals_query(date, company)) for _run in range(3))
                execution = runs[1]  # the median of three
                bare = explain_time(env, bare_open_totals_query(env, totals, date, company))
                fills = []
                for _run in range(3):
                    wizard = env["payment.reminder.totals"].create({"date": date})
                    started = time.perf_counter()
                    wizard._payment_reminder_load_lines()
                    fills.append(time.perf_counter() - started)
                wall = sorted(fills)[1]  # the median of three
                rows = len(wizard.line_ids)
                due = len(wizard.line_ids.filtered("is_due"))
                print(
                    f"totals as of {label}: {rows} customers ({due} due), query {execution:.3f} s (EXPLAIN ANALYZE, "
                    f"median of {', '.join(f'{run:.3f}' for run in runs)}; "
                    f"{execution / bare:.1f}x the bare sum of today's open items, {bare:.3f} s), "
                    f"screen filled in {wall:.3f} s (median of {', '.join(f'{fill:.3f}' for fill in fills)}), "
                    f"target < {TOTALS_TARGET} s"
                )
                results.append(execution <= TOTALS_TARGET and wall <= TOTALS_TARGET)
            due_rows = totals._totals(today, company, due_only=True)[:REMINDERS]
        with db.env() as env:
            company = env["res.company"].browse(ids[0])
            partners = env["res.partner"].browse(row["partner_id"] for row in due_rows)
            profiler = cProfile.Profile() if PROFILE else contextlib.nullcontext()
            started = time.perf_counter()
            with profiler:
                outcome = env["payment.reminder"]._payment_reminder_send(partners, company, today)
                env.flush_all()
            queued = time.perf_counter() - started
            if PROFILE:
                profiler.dump_stats(PROFILE)
            sent = sum(1 for result in outcome.values() if result["status"] == "sent")
            env.cr.execute(
                "SELECT COUNT(*) FROM mail_mail JOIN mail_message message ON message.id = mail_mail.mail_message_id "
                "WHERE message.model = 'payment.reminder'"
            )
            mails = env.cr.fetchone()[0]
            print(f"reminders: {sent} sent, {mails} emails queued in {queued:.1f} s, target < {REMINDERS_TARGET} s")
        ok = all(results) and queued <= REMINDERS_TARGET and sent == len(due_rows) == mails
        return report("dunning_reminders_queued", queued, "s", REMINDERS_TARGET, ok)


if __name__ == "__main__":
    sys.exit(main())
