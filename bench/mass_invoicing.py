"""Mass invoicing: invoices created and posted for 10,000 recipients by the run's cron batches,
against the naive way (one create + action_post per customer, as Odoo's membership wizard does)
on 1,000, in the same run. PDF rendering and delivery are excluded (the chain is email -> draft and
only the invoicing step runs).

    python3 bench/mass_invoicing.py                        # 10,000 vs 1,000
    BENCH_RECIPIENTS=2000 BENCH_NAIVE=200 BENCH_BATCH=50 python3 bench/mass_invoicing.py

Prints per-invoice times, the ratio, and the peak memory of the process per batch (ru_maxrss
growth): it must not grow with the number of recipients.
"""

import os
import resource
import sys
import time

from _common import bench_database, report

RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", 10_000))
NAIVE = int(os.environ.get("BENCH_NAIVE", 1_000))
BATCH = int(os.environ.get("BENCH_BATCH", 0)) or None  # default: the system parameter's default
TARGET_SECONDS = 300
TARGET_RATIO = 3.0


def rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def set_up(db):
    with db.env() as env:
        company = env.ref("base.main_company")
        if not company.chart_template:
            env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        tags = env["res.partner.category"].create([{"name": "Members"}, {"name": "Naive"}])
    ids = {}
    for tag, count in zip(tags.ids, (RECIPIENTS, NAIVE), strict=True):
        ids[tag] = []
        for start in range(0, count, 1000):
            with db.env() as env:
                partners = env["res.partner"].create(
                    [
                        {
                            "name": f"Member {tag}-{n}",
                            "email": f"m{tag}.{n}@club.example",
                            "category_id": [(6, 0, [tag])],
                        }
                        for n in range(start, min(start + 1000, count))
                    ]
                )
                ids[tag] += partners.ids
    return tags.ids, ids


def naive(db, partner_ids):
    """One create + action_post per customer (Odoo's membership wizard creates one invoice per member)."""
    with db.env() as env:
        start = time.perf_counter()
        for partner_id in partner_ids:
            move = env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner_id,
                    "invoice_line_ids": [(0, 0, {"name": "Membership fee", "quantity": 1, "price_unit": 500.0})],
                }
            )
            move.action_post()
        env.flush_all()
        return time.perf_counter() - start


def mass(db, tag_id):
    with db.env() as env:
        run = env["mass.invoice.run"].create(
            {
                "name": "Membership fee (bench)",
                "include_category_ids": [(6, 0, [tag_id])],
                "delivery_method_ids": [
                    (5,),
                    (0, 0, {"method": "email", "sequence": 1}),
                    (0, 0, {"method": "draft", "sequence": 2}),
                ],
                "line_ids": [(0, 0, {"name": "Membership fee", "quantity": 1, "price_unit": 500.0})],
            }
        )
        run.action_run()
        run_id = run.id
    start = time.perf_counter()
    batches, rss = 0, []
    while True:
        # One transaction per batch, as the cron runs them; invoicing only (the state 'pending').
        with db.env() as env:
            Recipient = env["mass.invoice.recipient"]
            size = BATCH or int(
                env["ir.config_parameter"].get_param("einvoice_receivables.mass_invoice_batch_size", 20)
            )
            recipients = Recipient._mass_invoice_claim(("pending",), size, [run_id])
            if not recipients:
                break
            recipients._mass_invoice_create_invoices()
        batches += 1
        rss.append(rss_mb())
        if batches % 50 == 0:
            print(
                f"  {batches * size} invoiced, {time.perf_counter() - start:.0f} s, peak RSS {rss[-1]:.0f} MB",
                file=sys.stderr,
            )
    elapsed = time.perf_counter() - start
    with db.env() as env:
        run = env["mass.invoice.run"].browse(run_id)
        posted = env["account.move"].search_count([("invoice_origin", "=", run.name), ("state", "=", "posted")])
    return elapsed, posted, rss


def main():
    with bench_database() as db:
        tags, ids = set_up(db)
        naive_seconds = naive(db, ids[tags[1]])
        mass_seconds, posted, rss = mass(db, tags[0])
    per_naive = naive_seconds / NAIVE * 1000
    per_mass = mass_seconds / RECIPIENTS * 1000
    ratio = per_naive / per_mass
    quarter = max(1, len(rss) // 4)
    print(
        f"naive (create + action_post per customer): {NAIVE} invoices in {naive_seconds:.1f} s, {per_naive:.1f} ms each"
    )
    print(
        f"mass invoicing (batches of {BATCH or 'default'}): {posted} posted of {RECIPIENTS} in {mass_seconds:.1f} s, "
        f"{per_mass:.1f} ms each"
    )
    print(f"ratio naive / mass per invoice: {ratio:.2f}")
    print(f"peak RSS after the first quarter of the batches {rss[quarter - 1]:.0f} MB, at the end {rss[-1]:.0f} MB")
    ok = mass_seconds < TARGET_SECONDS and ratio >= TARGET_RATIO and posted == RECIPIENTS
    return report("mass_invoicing", mass_seconds, "s", f"<{TARGET_SECONDS} and ratio>={TARGET_RATIO}", ok)


if __name__ == "__main__":
    sys.exit(main())
