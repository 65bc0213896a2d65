"""A hostile shop's records: what its data can and cannot do to Odoo. Records with numbers that
are none, order lines no shop sells, and customers claiming the e-mail address of this
company, of a user or of a customer entered in Odoo."""

import re

from odoo.tests import new_test_user, tagged

from .common import ShopCase
from .shop_server import with_line, with_order_id_text


@tagged("post_install", "-at_install")
class TestShopHostileRecords(ShopCase):
    def test_an_order_id_of_1e999_fails_alone_and_the_import_goes_on(self):
        recorded = dict(self.shop.orders)
        self.shop.orders = {1: recorded[1], 2: with_order_id_text(recorded[2], "1e999"), 3: recorded[3]}
        run = self.backend._shop_import("manual")
        self.assertEqual(run.state, "partial")
        self.assertEqual(self.shop_orders().mapped("shop_order_id"), [1, 3], "the good orders after it are in")
        failure = run.failure_ids
        self.assertEqual((failure.kind, failure.external_id), ("order", "1e999"))
        self.assertIn("ORDER_ID '1e999'", failure.reason)
        run = self.backend._shop_import("manual")
        self.assertEqual(run.state, "partial", "the next run is recorded too, and does not stop there")

    def test_negative_nan_or_absurd_lines_wait_for_review_whatever_the_totals(self):
        # A tolerance that lets any total through: only the lines themselves can hold the orders.
        self.backend.amount_tolerance = 1e35
        recorded = dict(self.shop.orders)
        self.shop.orders = {
            1: with_line(recorded[1], 1, quantity="-5", price="100"),
            2: with_line(recorded[2], 2, price="NaN"),
            3: with_line(recorded[3], 3, quantity="1e30"),
            4: recorded[4],
        }
        self.backend._shop_import("manual")
        orders = self.shop_orders()
        self.assertEqual(orders.mapped("shop_order_id"), [1, 2, 3, 4])
        negative, nan, absurd, good = orders
        for order, shown in ((negative, "the quantity -5"), (nan, "unit price nan"), (absurd, "the quantity 1e+30")):
            with self.subTest(order=order.shop_order_id):
                self.assertEqual(order.state, "draft", "never confirmed")
                self.assertIn(shown, order.shop_exception)
                self.assertIn(order, self.env["sale.order"].search([("shop_exception", "!=", False)]))
        self.assertEqual(good.state, "sale")
        self.assertEqual(negative.order_line[0].product_uom_qty, -5, "shown as the shop sent it")
        self.assertEqual(nan.order_line[0].price_unit, 0, "a value that is no number is not stored")
        self.assertEqual(absurd.order_line[0].product_uom_qty, 0)

    def test_a_shop_customer_never_renames_the_company_or_a_users_contact(self):
        company = self.env.company.partner_id
        company.write({"email": "office@my-company.test", "street": "Firmenweg 1"})
        company_name = company.name
        employee = self.env["res.partner"].create(
            {"name": "Buchhaltung", "parent_id": company.id, "email": "buchhaltung@my-company.test"}
        )
        seller = new_test_user(self.env, "shop_seller", email="seller@my-company.test").partner_id
        seller_name = seller.name
        self.shop.customers[0] = self.mallory(self.shop.customers[0], "office@my-company.test")
        self.shop.customers[1] = self.mallory(self.shop.customers[1], "seller@my-company.test")
        self.shop.customers[2] = self.mallory(self.shop.customers[2], "buchhaltung@my-company.test")
        self.backend._shop_import("cron")  # as the scheduled import does
        self.assertEqual((company.name, company.street), (company_name, "Firmenweg 1"))
        self.assertEqual((seller.name, seller.street, seller.is_company), (seller_name, False, False))
        self.assertEqual(employee.name, "Buchhaltung")
        links = self.partner_links("customer").filtered(lambda link: link.external_id in ("1", "2", "3"))
        self.assertEqual(len(links), 3)
        self.assertFalse(links.partner_id & (company | seller | employee), "new partners of their own")
        self.assertEqual(set(links.partner_id.mapped("name")), {"Mallory Renamed Ltd"})

    def test_a_match_by_email_alone_is_linked_for_review_and_nothing_is_written(self):
        known = self.env["res.partner"].create(
            {"name": "J. Weiß (CRM)", "email": "JUERGEN.WEISS@example.test", "phone": False}
        )
        self.backend._shop_import("manual")
        link = self.partner_links("customer").filtered(lambda link: link.partner_id == known)
        self.assertTrue(link.to_review)
        self.assertEqual((known.name, known.phone, known.is_company), ("J. Weiß (CRM)", False, False))
        order = self.shop_orders()[0]
        self.assertEqual(order.partner_id, known)
        self.assertEqual(order.state, "draft")
        self.assertIn("linked by e-mail address or VAT number alone to J. Weiß (CRM)", order.shop_exception)

        # The shop customer changes its account: still nothing written while it waits for review.
        self.shop.customers[1] = self.mallory(self.shop.customers[1], "juergen.weiss@example.test")
        self.backend._shop_import("manual")
        self.assertEqual((known.name, known.street), ("J. Weiß (CRM)", False))

        # A sales manager checks it and accepts: the link is confirmed, the order can be confirmed.
        order.action_shop_accept_difference()
        self.assertFalse(link.to_review)
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def mallory(self, fragment, email):
        fragment = re.sub(r"<EMAIL>[^<]*</EMAIL>", f"<EMAIL>{email}</EMAIL>", fragment)
        fragment = re.sub(r"<COMPANY>[^<]*</COMPANY>", "<COMPANY>Mallory Renamed Ltd</COMPANY>", fragment)
        return re.sub(r"<STREET>[^<]*</STREET>", "<STREET>Attacker Road 1</STREET>", fragment)
