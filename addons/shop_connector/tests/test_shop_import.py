"""Import from the fixture shop (answers recorded from a real modified 2.0.7.2, see
fixtures/README.md): customers, guests, products, shipping methods and orders, reconciled."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ShopCase
from .shop_server import (
    fixture,
    renumbered,
    split_records,
    with_broken_encoding,
    with_missing_product,
    with_shop_id,
    with_unknown_tax_rate,
)


def table_changes(env, *tables):
    """Rows inserted or updated in this transaction, per table (PostgreSQL's own counters)."""
    env.flush_all()
    env.cr.execute("SELECT relname, n_tup_ins + n_tup_upd FROM pg_stat_xact_user_tables WHERE relname IN %s", [tables])
    return dict(env.cr.fetchall())


@tagged("post_install", "-at_install")
class TestShopImport(ShopCase):
    def test_import_rebuilds_every_order_with_the_shops_totals(self):
        run = self.backend._shop_import("manual")
        self.assertEqual(run.state, "done", run.failure_ids.mapped("reason"))
        orders = self.shop_orders()
        self.assertEqual(orders.mapped("shop_order_id"), [1, 2, 3, 4, 5])
        self.assertEqual(run.order_created, 5)
        for order in orders:
            self.assertAlmostEqual(order.amount_total, order.shop_amount_total, delta=0.02)
            self.assertFalse(order.shop_exception)
            self.assertEqual(order.state, "sale", "status 1 Pending is mapped to 'confirm'")
            self.assertEqual(order.client_order_ref, str(order.shop_order_id))

        # Order 1: a customer of a gross-price group; PRODUCTS_PRICE is net (104.20168067227).
        weiss = orders[0]
        self.assertEqual(weiss.amount_total, 134.42)
        jacket, bars, shipping = weiss.order_line.sorted("sequence")
        self.assertEqual((jacket.price_unit, jacket.product_uom_qty), (124.0, 1))
        self.assertEqual(jacket.tax_id, self.taxes[(19.0, True)])
        self.assertIn("Größe: XL (+5.00)", jacket.name, "the option and its price")
        self.assertEqual((bars.price_unit, bars.product_uom_qty, bars.tax_id), (1.49, 3, self.taxes[(7.0, True)]))
        self.assertTrue(shipping.is_delivery)
        self.assertEqual((shipping.price_unit, shipping.tax_id), (5.95, self.taxes[(19.0, True)]))
        self.assertEqual(weiss.carrier_id.name, "Pauschale Versandkosten")
        self.assertEqual(weiss.shop_comments, "Bitte bei Frau Groß im Erdgeschoß abgeben")
        self.assertEqual(weiss.shop_payment_method, "moneyorder")
        self.assertEqual(weiss.partner_id.name, "Jürgen Weiß")
        self.assertTrue(weiss.picking_ids, "a delivery note comes from the order")
        # One message says where the order came from (no creation or tracking messages).
        self.assertEqual(
            [message.body for message in weiss.message_ids],
            ["<p>Imported from the shop 127.0.0.1 (order 1).</p>"],
        )

        # Order 2: trade customer (net prices); the shop's total 185.0045 is unrounded.
        mueller = orders[1]
        self.assertEqual(mueller.shop_amount_total, 185.0045)
        self.assertEqual(mueller.order_line.sorted("sequence").mapped("price_unit"), [7.48, 75.59, 1.39, 5.0, -0.01])
        self.assertEqual(mueller.order_line[0].tax_id, self.taxes[(19.0, False)])
        self.assertEqual(mueller.partner_id.name, "Müller & Söhne Bürobedarf GmbH")
        self.assertTrue(mueller.partner_id.is_company)
        self.assertEqual(mueller.partner_id.vat, "DE123456789")
        self.assertEqual(mueller.partner_id.street2, "Gewerbegebiet Süd")
        self.assertIn("Anna Müller", mueller.partner_id.child_ids.mapped("name"), "the contact person")
        self.assertEqual(mueller.shop_payment_method, "invoice")

        # Orders 3 and 5: the same guest twice is one partner, found by e-mail.
        self.assertEqual(orders[2].partner_id, orders[4].partner_id)
        self.assertEqual(orders[2].partner_id.name, "Jörg Krämer")
        self.assertEqual(len(self.partner_links("guest")), 1)
        self.assertEqual(orders[3].partner_id.country_id.code, "AT")

        # Customers, products and shipping methods.
        self.assertEqual(len(self.partner_links("customer")), 4)
        products = self.env["shop.product.binding"].search([("backend_id", "=", self.backend.id)]).product_id
        self.assertEqual(sorted(products.mapped("default_code")), ["GL-05", "JK-XL-01", "KF-500", "MR-100", "WS-42"])
        coffee = products.filtered(lambda p: p.default_code == "KF-500")
        self.assertEqual(coffee.name, "Bio-Kaffee „Straßenröstung“ 500 g")
        self.assertAlmostEqual(coffee.list_price, 12.1402, delta=0.005, msg="the shop's net price")
        self.assertEqual(coffee.taxes_id, self.taxes[(7.0, False)])
        self.assertEqual(products.filtered(lambda p: p.default_code == "JK-XL-01").barcode, "4006381333931")
        carriers = self.env["shop.carrier.binding"].search([("backend_id", "=", self.backend.id)])
        self.assertEqual(carriers.mapped("external_id"), ["flat"])

    def test_second_run_without_changes_writes_nothing(self):
        self.backend._shop_import("manual")
        before = table_changes(
            self.env, "sale_order", "sale_order_line", "res_partner", "product_template", "product_product"
        )
        run = self.backend._shop_import("manual")
        after = table_changes(
            self.env, "sale_order", "sale_order_line", "res_partner", "product_template", "product_product"
        )
        self.assertEqual(before, after, "an unchanged shop leaves the records alone")
        self.assertEqual(
            (run.order_created, run.order_updated, run.customer_created, run.product_created), (0, 0, 0, 0)
        )
        self.assertEqual(run.unchanged, 1 + 4 + 5 + 5, "carrier, customers, products and the orders read again")
        self.assertEqual(len(self.shop_orders()), 5)

    def test_incremental_run_asks_from_the_last_imported_order(self):
        self.backend.recheck_orders = 0
        self.backend._shop_import("manual")
        self.assertEqual(self.backend.last_order_id, 5)
        self.shop.requests.clear()
        self.backend._shop_import("manual")
        self.assertEqual(self.shop.actions("orders_export")[0]["order_from"], "6")

    def test_changed_order_is_updated_not_imported_again(self):
        self.backend._shop_import("manual")
        self.shop.orders[1] = split_records(fixture("orders_export_1_changed.xml"), "ORDER_INFO")[0]
        run = self.backend._shop_import("manual")
        self.assertEqual(run.order_updated, 1)
        order = self.shop_orders()[0]
        self.assertEqual(order.shop_status_id.code, 2)
        self.assertIn("Grüße aus Straßburg", order.shop_comments)
        self.assertIn("Status in the shop", order.message_ids[0].body)
        self.assertEqual(len(self.shop_orders()), 5)

    def test_existing_partners_and_products_are_linked_not_duplicated(self):
        known = self.env["res.partner"].create(
            {"name": "J. Weiß (CRM)", "email": "JUERGEN.WEISS@example.test", "phone": False}
        )
        company = self.env["res.partner"].create({"name": "Müller und Söhne", "is_company": True, "vat": "DE123456789"})
        glass = self.env["product.product"].create({"name": "Glas", "default_code": "GL-05"})
        self.backend._shop_import("manual")
        orders = self.shop_orders()
        self.assertEqual(orders[0].partner_id, known)
        self.assertEqual((known.name, known.phone), ("J. Weiß (CRM)", False), "linked for review, nothing written")
        self.assertEqual(orders[1].partner_id, company, "matched by VAT number")
        self.assertIn(glass, orders[1].order_line.product_id)
        self.assertEqual(self.env["product.product"].search_count([("default_code", "=", "GL-05")]), 1)

    def test_bad_records_are_logged_and_retried_while_the_rest_is_imported(self):
        recorded = dict(self.shop.orders)
        self.shop.orders[6] = with_unknown_tax_rate(recorded[5], 6)
        self.shop.orders[7] = with_broken_encoding(recorded[3], 7)
        self.shop.orders[8] = with_missing_product(recorded[5], 8)
        run = self.backend._shop_import("manual")
        self.assertEqual(run.state, "partial")
        self.assertEqual(self.shop_orders().mapped("shop_order_id"), [1, 2, 3, 4, 5])
        reasons = {f.external_id: f.reason for f in run.failure_ids}
        self.assertEqual(set(reasons), {"6", "7", "8"})
        self.assertIn("No Odoo tax is mapped for the shop's rate of 10 %", reasons["6"])
        self.assertIn("not valid", reasons["7"])
        self.assertIn("XX-404", reasons["8"])
        self.assertEqual(self.backend.last_order_id, 8, "the failures are retried from the log, not by re-reading all")

        ten = [
            self.env["account.tax"].create(
                {"name": f"10 % {inc}", "amount": 10, "type_tax_use": "sale", "price_include_override": inc}
            )
            for inc in ("tax_excluded", "tax_included")
        ]
        self.backend.tax_map_ids = [Command.create({"rate": 10, "tax_id": ten[0].id, "tax_gross_id": ten[1].id})]
        self.shop.requests.clear()
        run = self.backend._shop_import("manual")
        self.assertIn(6, self.shop_orders().mapped("shop_order_id"))
        self.assertEqual(
            self.env["shop.import.failure"]
            .search([("backend_id", "=", self.backend.id), ("external_id", "=", "6")])
            .state,
            "done",
        )
        still = self.env["shop.import.failure"].search([("backend_id", "=", self.backend.id), ("state", "=", "open")])
        self.assertEqual(sorted(still.mapped("external_id")), ["7", "8"])
        self.assertEqual(set(still.mapped("attempts")), {2})
        retried = {
            r["order_from"] for r in self.shop.actions("orders_export") if r.get("order_to") == r.get("order_from")
        }
        self.assertTrue({"6", "7", "8"} <= retried)

    def test_total_difference_keeps_the_order_unconfirmed(self):
        self.shop.orders[9] = renumbered(self.shop.orders[5], 9).replace(
            "<TOTAL_VALUE>18.9400</TOTAL_VALUE>", "<TOTAL_VALUE>19.9400</TOTAL_VALUE>"
        )
        run = self.backend._shop_import("manual")
        self.assertEqual(run.order_exception, 1)
        order = self.shop_orders().filtered(lambda o: o.shop_order_id == 9)
        self.assertEqual(order.state, "draft")
        self.assertIn("19.9400", order.shop_exception)
        exceptions = self.env["sale.order"].search([("shop_exception", "!=", False)])
        self.assertEqual(exceptions, order)
        with self.assertRaises(UserError):
            order.action_confirm()
        order.action_shop_accept_difference()
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_missing_tax_mapping_is_refused_clearly(self):
        self.backend.tax_map_ids.filtered(lambda m: m.rate == 7).unlink()
        run = self.backend._shop_import("manual")
        imported = self.shop_orders().mapped("shop_order_id")
        self.assertEqual(imported, [4], "only Lukas Gruber's order has no 7 % line")
        order_failure = run.failure_ids.filtered(lambda f: f.kind == "order")[:1]
        self.assertIn("No Odoo tax is mapped for the shop's rate of 7 %", order_failure.reason)
        self.assertIn("Testladen", order_failure.reason)

    def test_iso_8859_15_shop_gives_the_same_names(self):
        self.shop.charset = "iso-8859-15"
        run = self.backend._shop_import("manual")
        self.assertEqual(run.state, "done", run.failure_ids.mapped("reason"))
        orders = self.shop_orders()
        self.assertEqual(orders[0].partner_id.name, "Jürgen Weiß")
        self.assertEqual(orders[0].shop_comments, "Bitte bei Frau Groß im Erdgeschoß abgeben")
        coffee = self.env["product.product"].search([("default_code", "=", "KF-500")])
        self.assertEqual(coffee.name, "Bio-Kaffee „Straßenröstung“ 500 g")

    def test_multi_shop_records_say_their_domain(self):
        second = self.env["shop.domain"].create(
            {"backend_id": self.backend.id, "name": "shop-b.example", "shop_code": "2"}
        )
        self.shop.orders[4] = with_shop_id(self.shop.orders[4], 2)
        self.backend._shop_import("manual")
        orders = self.shop_orders()
        self.assertEqual(orders[3].shop_domain_id, second)
        self.assertEqual(set((orders - orders[3]).shop_domain_id.mapped("name")), {"127.0.0.1"})
        self.assertIn("shop-b.example", orders[3].origin)
