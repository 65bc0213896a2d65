"""Mass invoicing: invoices created and posted for 10,000 recipients by the run's cron batches,
against the naive way (one create + action_post per customer, as Odoo's membership wizard does)
on 1,000, in the same run. PDF rendering and delivery are excluded (the chain is email -> draft and
only the invoicing step runs).

    python3 bench/mass_invoicing.py                        # 10,000 by 2 workers; 1,000 naive and by 1 worker
    BENCH_RECIPIENTS=2000 BENCH_NAIVE=200 BENCH_BATCH=50 BENCH_WORKERS=1 python3 bench/mass_invoicing.py
    BENCH_PROFILE=/tmp/mass.prof ...                       # cProfile and SQL time of the one-worker run

The naive way and one worker process run on the same 1,000 customers (the ratio compares those two);
the 10,000 are shared by BENCH_WORKERS worker processes at once (default 2, as two cron workers of
one Odoo server on this 2-core machine), the time is wall clock. Prints the peak memory of each
process after a quarter of its batches and at the end (ru_maxrss): it must not grow with the number
of recipients.
"""

import collections
import os
import re
import resource
import sys
import threading
import time

from _common import bench_database, fork_worker, report, worker_result

RECIPIENTS = int(os.environ.get("BENCH_RECIPIENTS", 10_000))
NAIVE = int(os.environ.get("BENCH_NAIVE", 1_000))
BATCH = int(os.environ.get("BENCH_BATCH", 0)) or None  # default: the system parameter's default
PROFILE = os.environ.get("BENCH_PROFILE")  # a file: cProfile statistics of the one-worker batches
# Worker processes sharing the 10,000 (as several Odoo cron workers do, SKIP LOCKED); this machine has 2 cores.
WORKERS = int(os.environ.get("BENCH_WORKERS", 2))
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


def start_run(db, tag_id, name):
    with db.env() as env:
        run = env["mass.invoice.run"].create(
            {
                "name": name,
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
        return run.id, run.name


def work(db, run_id, label):
    """What one cron worker does: claim a batch (SKIP LOCKED), invoice it, commit; until none is left.

    (batches, peak RSS after each batch). Invoicing only: the recipients' state 'pending'.
    """
    batches, rss = 0, []
    start = time.perf_counter()
    while True:
        with db.env() as env:
            size = BATCH or int(env["ir.config_parameter"].get_param("account_mass_invoicing.batch_size", 20))
            recipients = env["mass.invoice.recipient"]._mass_invoice_claim(("pending",), size, [run_id])
            if not recipients:
                break
            recipients._mass_invoice_create_invoices()
        batches += 1
        rss.append(rss_mb())
        if batches % 50 == 0:
            print(
                f"  {label}: {batches} batches of {size}, {time.perf_counter() - start:.0f} s, "
                f"peak RSS {rss[-1]:.0f} MB",
                file=sys.stderr,
            )
    return batches, rss


def mass(db, tag_id, name, workers=1):
    """(seconds, posted, [(batches, rss) per worker]) for the whole run by `workers` processes at once."""
    run_id, run_name = start_run(db, tag_id, name)
    profiler = queries = None
    if PROFILE and workers == 1:
        import cProfile

        profiler = cProfile.Profile()
        queries = watch_queries()
        profiler.enable()
    start = time.perf_counter()
    results = [work(db, run_id, "worker 1")] if workers == 1 else in_processes(db, run_id, workers)
    elapsed = time.perf_counter() - start
    if profiler:
        profiler.disable()
        profiler.dump_stats(PROFILE)
        threading.current_thread().query_hooks = ()
        print_queries(queries)
    with db.env() as env:
        posted = env["account.move"].search_count([("invoice_origin", "=", run_name), ("state", "=", "posted")])
    return elapsed, posted, results


def watch_queries():
    """{query shape: [count, seconds]} of this thread's SQL queries from now on (Odoo's query hooks)."""
    queries = collections.defaultdict(lambda: [0, 0.0])

    def hook(cr, query, params, start, delay):
        text = query.code if hasattr(query, "code") else query
        text = text.decode() if isinstance(text, bytes) else str(text)
        shape = re.sub(r"\s+", " ", re.sub(r"\b\d+\b", "N", text))[:160]
        queries[shape][0] += 1
        queries[shape][1] += delay

    threading.current_thread().query_hooks = (hook,)
    return queries


def print_queries(queries, most=25):
    total = sum(seconds for _count, seconds in queries.values())
    print(f"SQL: {sum(count for count, _s in queries.values())} queries, {total:.1f} s; most time:", file=sys.stderr)
    for shape, (count, seconds) in sorted(queries.items(), key=lambda item: -item[1][1])[:most]:
        print(f"  {seconds:6.2f} s {count:6d}x  {shape}", file=sys.stderr)


def in_processes(db, run_id, workers):
    """Several worker processes share the run, as several Odoo cron workers do."""
    import odoo

    odoo.sql_db.close_all()
    handles = [fork_worker(work, db, run_id, f"worker {number}") for number in range(1, workers + 1)]
    return [tuple(worker_result(handle)) for handle in handles]


def rss_line(results):
    parts = []
    for number, (batches, rss) in enumerate(results, 1):
        quarter = max(1, len(rss) // 4)
        parts.append(
            f"worker {number}: {batches} batches, {rss[quarter - 1]:.0f} MB after a quarter, "
            f"{rss[-1]:.0f} MB at the end"
        )
    return "peak RSS " + "; ".join(parts)


def main():
    with bench_database() as db:
        tags, ids = set_up(db)
        naive_seconds = naive(db, ids[tags[1]])
        # The single-worker figure on the same 1,000 customers as the naive way (their second invoice).
        single_seconds, single_posted, single = mass(db, tags[1], "Membership fee (bench, one worker)")
        mass_seconds, posted, results = mass(db, tags[0], "Membership fee (bench)", workers=WORKERS)
    per_naive = naive_seconds / NAIVE * 1000
    per_single = single_seconds / NAIVE * 1000
    per_mass = mass_seconds / RECIPIENTS * 1000
    ratio = per_naive / per_single
    size = BATCH or "the default 20"
    print(
        f"naive (create + action_post per customer): {NAIVE} invoices in {naive_seconds:.1f} s, {per_naive:.1f} ms each"
    )
    print(
        f"mass invoicing, ONE worker process (batches of {size}): {single_posted} posted of {NAIVE} "
        f"in {single_seconds:.1f} s, {per_single:.1f} ms each; {rss_line(single)}"
    )
    print(f"ratio naive / mass per invoice, both in one process: {ratio:.2f}")
    print(
        f"mass invoicing, {WORKERS} WORKER PROCESSES at once sharing the run (batches of {size}): "
        f"{posted} posted of {RECIPIENTS} in {mass_seconds:.1f} s, {per_mass:.1f} ms each (wall clock)"
    )
    print(rss_line(results))
    ok = mass_seconds < TARGET_SECONDS and ratio >= TARGET_RATIO and posted == RECIPIENTS and single_posted == NAIVE
    return report(
        "mass_invoicing",
        mass_seconds,
        "s",
        f"<{TARGET_SECONDS} ({RECIPIENTS} invoices, {WORKERS} workers) and ratio>={TARGET_RATIO}",
        ok,
    )


if __name__ == "__main__":
    sys.exit(main())
