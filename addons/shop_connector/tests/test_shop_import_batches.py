"""Customers and products are created in batches (one create() per model): within a batch a
record that shares an e-mail or SKU with another new one is linked to it, not duplicated, and a
bad record fails alone. Derived from the recorded customers and products (fixtures/README.md)."""

import re

from odoo.tests import tagged

from .common import ShopCase


def with_field(fragment, tag, value):
    return re.sub(rf"<{tag}>[^<]*</{tag}>", f"<{tag}>{value}</{tag}>", fragment, count=1)


@tagged("post_install", "-at_install")
class TestShopImportBatches(ShopCase):
    def test_same_email_or_sku_twice_in_a_batch_is_one_record(self):
        weiss = self.shop.customers[1]
        self.assertIn("juergen.weiss@example.test", weiss)
        # A second account of the same person (the shop allows it after a deleted account).
        self.shop.customers.append(with_field(weiss, "CUSTOMERS_ID", 50).replace("Jürgen", "J."))
        coffee = next(p for p in self.shop.products if "KF-500" in p)
        self.shop.products.append(with_field(with_field(coffee, "PRODUCT_ID", 60), "PRODUCT_EAN", ""))
        run = self.backend._shop_import("manual")
        self.assertEqual(run.state, "done", run.failure_ids.mapped("reason"))
        links = self.partner_links("customer")
        self.assertEqual(len(links), 5)
        self.assertEqual(
            links.filtered(lambda b: b.external_id in ("2", "50")).partner_id.mapped("name"), ["Jürgen Weiß"]
        )
        self.assertEqual(self.env["res.partner"].search_count([("email", "=ilike", "juergen.weiss@example.test")]), 1)
        products = self.env["shop.product.binding"].search(
            [("backend_id", "=", self.backend.id), ("external_id", "in", ("4", "60"))]
        )
        self.assertEqual(len(products), 2)
        self.assertEqual(len(products.product_id), 1, "one product for the SKU")
        self.assertEqual(self.env["product.product"].search_count([("default_code", "=", "KF-500")]), 1)

    def test_a_bad_customer_fails_alone_and_the_rest_of_its_batch_is_created(self):
        self.shop.orders = {}  # (an order would link its customer from the order's address)
        self.shop.customers[2] = with_field(self.shop.customers[2], "COUNTRY", "XX")
        run = self.backend._shop_import("manual")
        customer_failures = run.failure_ids.filtered(lambda f: f.kind == "customer")
        self.assertEqual(customer_failures.mapped("external_id"), ["3"])
        self.assertIn("Unknown country 'XX'", customer_failures.reason)
        self.assertEqual(sorted(self.partner_links("customer").mapped("external_id")), ["1", "2", "4"])
        self.assertEqual(run.customer_created, 3)
        # Fixed in the shop: the next run creates it.
        self.shop.customers[2] = self.shop.customers[2].replace("<COUNTRY>XX</COUNTRY>", "<COUNTRY>DE</COUNTRY>")
        run = self.backend._shop_import("manual")
        self.assertEqual(run.customer_created, 1)
        self.assertEqual(customer_failures.state, "done")
