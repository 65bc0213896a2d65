"""Benchmark: importing 10,000 orders (3 lines each, 5,000 customers, 2,000 products) from a
local server speaking the CAO interface of modified eCommerce, then a second, unchanged import.

Targets: the first import under 3 minutes; the second under 10 % of the first, writing nothing.
The orders are generated from the shape of the real 2.0.7.2 answers (the recorded fixtures of
the add-on's tests) and served by the tests' fixture server. Orders are imported as quotations
(the step of each status is configurable; confirming adds Odoo's own stock work per order).
The first import is shared by two cron workers (processes): the leader, and the second scheduled
action helping it with windows of orders (--workers 1: the leader alone).

    python3 bench/shop_import.py [--orders 10000] [--workers 1]
"""

import argparse
import cProfile
import sys
import time

from _common import bench_database, fork_worker, report, worker_result


def load_server_module():
    """The tests' CAO shop server; importable once Odoo knows its add-ons (bench_database)."""
    from odoo.tools import mute_logger

    # Its package imports Odoo's test framework, which logs an error outside test mode.
    with mute_logger("odoo.tests.common"):
        from odoo.addons.shop_connector.tests import shop_server
    return shop_server


def customer_xml(n):
    return (
        f"<CUSTOMERS_DATA>\n<CUSTOMERS_ID>{n}</CUSTOMERS_ID>\n<CUSTOMERS_CID>K{n:06d}</CUSTOMERS_CID>\n"
        f"<GENDER>f</GENDER>\n<COMPANY></COMPANY>\n<FIRSTNAME>Jutta</FIRSTNAME>\n<LASTNAME>Müller-Weiß {n}</LASTNAME>\n"
        f"<STREET>Hauptstraße {n}</STREET>\n<POSTCODE>{10000 + n % 89999:05d}</POSTCODE>\n<CITY>Köln</CITY>\n"
        "<SUBURB></SUBURB>\n<STATE></STATE>\n<COUNTRY>DE</COUNTRY>\n<TELEPHONE>0221 12345</TELEPHONE>\n<FAX></FAX>\n"
        f"<EMAIL>kunde{n}@example.test</EMAIL>\n<BIRTHDAY>0000-00-00 00:00:00</BIRTHDAY>\n<VAT_ID></VAT_ID>\n"
        "<DATE_ACCOUNT_CREATED>2026-01-01 10:00:00</DATE_ACCOUNT_CREATED>\n</CUSTOMERS_DATA>\n"
    )


def product_price(n):
    return round(1 + (n % 97) * 1.37, 4)


def product_rate(n):
    return 7 if n % 3 == 0 else 19


def product_xml(n):
    return (
        f"<PRODUCT_INFO>\n<PRODUCT_DATA>\n<PRODUCT_ID>{n}</PRODUCT_ID>\n<PRODUCT_QUANTITY>100</PRODUCT_QUANTITY>\n"
        f"<PRODUCT_MODEL>ART-{n:05d}</PRODUCT_MODEL>\n<PRODUCT_FSK18>0</PRODUCT_FSK18>\n<PRODUCT_IMAGE></PRODUCT_IMAGE>\n"
        f"<PRODUCT_EAN></PRODUCT_EAN>\n<PRODUCT_PRICE>{product_price(n):.4f}</PRODUCT_PRICE>\n"
        "<PRODUCT_WEIGHT>0.5000</PRODUCT_WEIGHT>\n<PRODUCT_STATUS>1</PRODUCT_STATUS>\n"
        f"<PRODUCT_TAX_CLASS_ID>1</PRODUCT_TAX_CLASS_ID>\n<PRODUCT_TAX_RATE>{product_rate(n)}</PRODUCT_TAX_RATE>\n"
        f"<PRODUCT_DESCRIPTION ID='2' CODE='de' NAME='Deutsch'>\n<NAME>Artikel Größe {n}</NAME>\n<URL></URL>\n"
        "<DESCRIPTION></DESCRIPTION>\n<SHORT_DESCRIPTION></SHORT_DESCRIPTION>\n</PRODUCT_DESCRIPTION>\n"
        "</PRODUCT_DATA>\n</PRODUCT_INFO>\n"
    )


def address_xml(n, tag, vat=True):
    vat_part = "<VAT_ID></VAT_ID>\n" if vat else ""
    extra = (
        f"<TELEPHONE>0221 12345</TELEPHONE>\n<EMAIL>kunde{n}@example.test</EMAIL>\n"
        "<BIRTHDAY></BIRTHDAY>\n<GENDER>f</GENDER>\n"
        if vat
        else ""
    )
    return (
        f"<{tag}>\n{vat_part}<COMPANY></COMPANY>\n<NAME>Jutta Müller-Weiß {n}</NAME>\n<FIRSTNAME>Jutta</FIRSTNAME>\n"
        f"<LASTNAME>Müller-Weiß {n}</LASTNAME>\n<STREET>Hauptstraße {n}</STREET>\n"
        f"<POSTCODE>{10000 + n % 89999:05d}</POSTCODE>\n<CITY>Köln</CITY>\n<SUBURB></SUBURB>\n<STATE></STATE>\n"
        f"<COUNTRY>DE</COUNTRY>\n{extra}</{tag}>\n"
    )


def order_xml(order_id, customers, products):
    customer = 1 + order_id % customers
    lines, subtotal, taxes = [], 0.0, {}
    for k in range(3):
        product = 1 + (order_id * 7 + k * 13) % products
        net, rate = product_price(product), product_rate(product)
        gross = round(net * (1 + rate / 100), 2)
        qty = 1 + k
        subtotal += gross * qty
        taxes[rate] = taxes.get(rate, 0.0) + gross * qty * rate / (100 + rate)
        lines.append(
            f"<PRODUCT>\n<PRODUCTS_ID>{product}</PRODUCTS_ID>\n<PRODUCTS_QUANTITY>{qty}</PRODUCTS_QUANTITY>\n"
            f"<PRODUCTS_MODEL>ART-{product:05d}</PRODUCTS_MODEL>\n"
            f"<PRODUCTS_NAME>Artikel Größe {product}</PRODUCTS_NAME>\n"
            f"<PRODUCTS_PRICE>{gross / (1 + rate / 100)!r}</PRODUCTS_PRICE>\n<PRODUCTS_TAX>{rate}.0000</PRODUCTS_TAX>\n"
            "<PRODUCTS_TAX_FLAG>1</PRODUCTS_TAX_FLAG>\n</PRODUCT>\n"
        )
    taxes[19] = taxes.get(19, 0.0) + 5.95 * 19 / 119
    total = subtotal + 5.95
    tax_rows = "".join(
        f"<TOTAL>\n<TOTAL_TITLE>inkl. MwSt. {rate}%:</TOTAL_TITLE>\n<TOTAL_VALUE>{value:.4f}</TOTAL_VALUE>\n"
        "<TOTAL_CLASS>ot_tax</TOTAL_CLASS>\n<TOTAL_SORT_ORDER>50</TOTAL_SORT_ORDER>\n<TOTAL_PREFIX></TOTAL_PREFIX>\n"
        "<TOTAL_TAX></TOTAL_TAX>\n</TOTAL>\n"
        for rate, value in taxes.items()
    )
    return (
        f"<ORDER_INFO>\n<ORDER_HEADER>\n<ORDER_ID>{order_id}</ORDER_ID>\n<CUSTOMER_ID>{customer}</CUSTOMER_ID>\n"
        f"<CUSTOMER_CID>K{customer:06d}</CUSTOMER_CID>\n<CUSTOMER_GROUP>2</CUSTOMER_GROUP>\n"
        "<ORDER_DATE>2026-11-30 12:00:00</ORDER_DATE>\n<ORDER_STATUS>1</ORDER_STATUS>\n<ORDER_IP>127.0.0.1</ORDER_IP>\n"
        "<ORDER_CURRENCY>EUR</ORDER_CURRENCY>\n<ORDER_CURRENCY_VALUE>1.000000</ORDER_CURRENCY_VALUE>\n</ORDER_HEADER>\n"
        + address_xml(customer, "BILLING_ADDRESS")
        + address_xml(customer, "DELIVERY_ADDRESS", vat=False)
        + "<PAYMENT>\n<PAYMENT_METHOD>moneyorder</PAYMENT_METHOD>\n"
        "<PAYMENT_CLASS>moneyorder</PAYMENT_CLASS>\n</PAYMENT>\n"
        "<SHIPPING>\n<SHIPPING_METHOD>Pauschale Versandkosten</SHIPPING_METHOD>\n"
        "<SHIPPING_CLASS>flat_flat</SHIPPING_CLASS>\n"
        "</SHIPPING>\n<ORDER_PRODUCTS>\n" + "".join(lines) + "</ORDER_PRODUCTS>\n<ORDER_TOTAL>\n"
        f"<TOTAL>\n<TOTAL_TITLE>Zwischensumme:</TOTAL_TITLE>\n<TOTAL_VALUE>{subtotal:.4f}</TOTAL_VALUE>\n"
        "<TOTAL_CLASS>ot_subtotal</TOTAL_CLASS>\n<TOTAL_SORT_ORDER>10</TOTAL_SORT_ORDER>\n<TOTAL_PREFIX></TOTAL_PREFIX>\n"
        "<TOTAL_TAX></TOTAL_TAX>\n</TOTAL>\n"
        "<TOTAL>\n<TOTAL_TITLE>Pauschale Versandkosten:</TOTAL_TITLE>\n<TOTAL_VALUE>5.9500</TOTAL_VALUE>\n"
        "<TOTAL_CLASS>ot_shipping</TOTAL_CLASS>\n<TOTAL_SORT_ORDER>30</TOTAL_SORT_ORDER>\n<TOTAL_PREFIX>+</TOTAL_PREFIX>\n"
        "<TOTAL_TAX>19</TOTAL_TAX>\n</TOTAL>\n"
        + tax_rows
        + f"<TOTAL>\n<TOTAL_TITLE>Summe:</TOTAL_TITLE>\n<TOTAL_VALUE>{total:.4f}</TOTAL_VALUE>\n"
        "<TOTAL_CLASS>ot_total</TOTAL_CLASS>\n<TOTAL_SORT_ORDER>99</TOTAL_SORT_ORDER>\n<TOTAL_PREFIX></TOTAL_PREFIX>\n"
        "<TOTAL_TAX></TOTAL_TAX>\n</TOTAL>\n</ORDER_TOTAL>\n<ORDER_COMMENTS></ORDER_COMMENTS>\n</ORDER_INFO>\n"
    )


def changed_rows(env, since):
    counts = {}
    for table in ("sale_order", "sale_order_line", "res_partner", "product_template", "product_product"):
        env.cr.execute(f"SELECT count(*) FROM {table} WHERE write_date >= %s", [since])
        counts[table] = env.cr.fetchone()[0]
    return counts


def odoo_create_reference(env, count):
    """Odoo's own sale.order.create() of `count` orders shaped like the imported ones (3 product
    lines and a shipping line, price, description and tax given), in batches of 200 as the import
    creates them, without the shop: the floor under the import's time per order. Rolled back."""
    from odoo import Command

    partners = env["res.partner"].search([("customer_rank", ">", 0), ("parent_id", "=", False)], limit=count).ids
    products = env["product.product"].search([("default_code", "=like", "ART-%")], limit=50)
    carrier = env["delivery.carrier"].search([], limit=1)
    tax = env["account.tax"].search([("name", "=", "Bench 19 % tax_included")], limit=1)
    vals_list = [
        {
            "partner_id": partners[n % len(partners)],
            "order_line": [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": product.name,
                        "product_uom_qty": 1 + k,
                        "price_unit": 10.0 + k,
                        "tax_id": [Command.set(tax.ids)],
                    }
                )
                for k, product in enumerate(products[n % 47 : n % 47 + 3] + carrier.product_id)
            ],
        }
        for n in range(count)
    ]
    started = time.perf_counter()
    for start in range(0, count, 200):
        env["sale.order"].with_context(tracking_disable=True).create(vals_list[start : start + 200])
        env.flush_all()
    elapsed = time.perf_counter() - started
    env.cr.rollback()
    return elapsed / count


def start_helper(db, backend_id):
    """A second cron worker in a process of its own: it joins the run once its first window of
    orders is in, as the second scheduled action does when woken."""
    import odoo

    odoo.sql_db.close_all()
    return fork_worker(helper_work, db, backend_id)


def helper_work(db, backend_id):
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        with db.env() as env:
            open_runs = [("backend_id", "=", backend_id), ("order_phase", "=", True), ("window_ids.done", "=", True)]
            if env["shop.import.run"].search_count(open_runs):
                return env["shop.backend"].browse(backend_id)._shop_help()
        time.sleep(0.5)
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--customers", type=int, default=5_000)
    parser.add_argument("--products", type=int, default=2_000)
    parser.add_argument(
        "--reference", type=int, default=1000, help="orders created by Odoo's own create() for comparison (0: none)"
    )
    parser.add_argument("--profile", metavar="FILE", help="write cProfile statistics of the first import to FILE")
    parser.add_argument(
        "--workers", type=int, choices=(1, 2), default=2, help="cron workers of the first import (2 cores here)"
    )
    args = parser.parse_args()
    with bench_database() as db:
        server_module = load_server_module()
        with server_module.ShopServer() as shop:
            shop.customers = [customer_xml(n) for n in range(1, args.customers + 1)]
            shop.products = [product_xml(n) for n in range(1, args.products + 1)]
            shop.orders = {n: order_xml(n, args.customers, args.products) for n in range(1, args.orders + 1)}
            with db.env() as env:
                company = env.company
                if not company.chart_template:
                    env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
                eur = env.ref("base.EUR")
                eur.active = True
                pricelist = env["product.pricelist"].create({"name": "Shop EUR", "currency_id": eur.id})
                tax_map = []
                for rate in (19, 7):
                    net, gross = (
                        env["account.tax"].create(
                            {
                                "name": f"Bench {rate} % {mode}",
                                "amount": rate,
                                "type_tax_use": "sale",
                                "price_include_override": mode,
                            }
                        )
                        for mode in ("tax_excluded", "tax_included")
                    )
                    tax_map.append((0, 0, {"rate": rate, "tax_id": net.id, "tax_gross_id": gross.id}))
                backend = env["shop.backend"].create(
                    {
                        "name": "Bench shop",
                        "url": shop.url,
                        "cao_user": server_module.USER,
                        "cao_password": server_module.PASSWORD,
                        "pricelist_id": pricelist.id,
                        "tax_map_ids": tax_map,
                    }
                )
                backend.status_ids.step = "quotation"
                backend_id = backend.id

            helper = start_helper(db, backend_id) if args.workers > 1 else None
            with db.env() as env:
                profiler = cProfile.Profile() if args.profile else None
                started = time.perf_counter()
                if profiler:
                    profiler.enable()
                run = env["shop.backend"].browse(backend_id)._shop_import("cron", commit=True)
                first = time.perf_counter() - started
                if profiler:
                    profiler.disable()
                    profiler.dump_stats(args.profile)
                helped = worker_result(helper) if helper else 0
                runs = run | run.search([("lead_run_id", "=", run.id)])
                failed = env["shop.import.failure"].search_count([("run_id", "in", runs.ids), ("state", "=", "open")])
                figures = (sum(runs.mapped("order_created")), run.customer_created, run.product_created, failed)
            print(
                f"first import: {first:.1f} s for {figures[0]} orders, {figures[1]} customers, {figures[2]} products,"
                f" {figures[3]} failed, by {args.workers} worker(s), the second one {helped} windows (target < 180 s)"
            )

            with db.env() as env:
                env.cr.execute("SELECT now() AT TIME ZONE 'UTC'")
                since = env.cr.fetchone()[0]
            time.sleep(1)
            with db.env() as env:
                started = time.perf_counter()
                run = env["shop.backend"].browse(backend_id)._shop_import("cron", commit=True)
                second = time.perf_counter() - started
                unchanged = run.unchanged
            with db.env() as env:
                writes = changed_rows(env, since)
            ratio = second / first
            with db.env() as env:
                reference = odoo_create_reference(env, args.reference) if args.reference else None
            print(
                f"second import: {second:.1f} s = {ratio:.1%} of the first (target < 10 %), {unchanged} records"
                f" unchanged, rows written: {writes} (target 0)"
            )
            if reference:
                print(
                    f"Odoo's own sale.order.create() of {args.reference} such orders: "
                    f"{reference * 1000:.1f} ms per order; the first import: {first / figures[0] * 1000:.1f} ms "
                    "per order, its customers and products included"
                )
            ok = first < 180 and ratio < 0.10 and not any(writes.values()) and figures[0] == args.orders
            return report("shop_import_first", first, "s", "< 180 s, second < 10 %, 0 writes", ok)


if __name__ == "__main__":
    sys.exit(main())
