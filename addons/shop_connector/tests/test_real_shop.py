"""Against the real modified eCommerce 2.0.7.2 of shared/tools/modified-shop running on this
machine (tests/real_shop.py says how it is found). The test places its own orders through the
shop's storefront, imports them, pushes a status back and reads the shop's database and mails.
Outside CI it is skipped, saying what is missing; in CI (.ci/run starts the shop and sets
SHOP_CONNECTOR_REAL_SHOP_REQUIRED=1) a missing shop fails it."""

import datetime

import pytz

from odoo.tests import tagged

from .common import ShopCase, make_backend
from .real_shop import CAO_PASSWORD, CAO_USER, RealShop

GROSS, NET = "juergen.weiss@example.test", "einkauf@mueller-soehne.example.test"


@tagged("post_install", "-at_install")
class TestRealShop(ShopCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.real = RealShop()
        cls.missing = cls.real.missing()
        if cls.missing:
            return
        cls.placed_from = datetime.datetime.now(datetime.UTC).replace(tzinfo=None, microsecond=0)
        cls.first = cls.real.last_order_id() + 1
        cls.ids = {
            "gross": cls.real.place_order("JK-XL-01:1:XL", "MR-100:3", customer=GROSS, comment="Bitte bei Frau Groß"),
            "net": cls.real.place_order("GL-05:6", "WS-42", "MR-100:24", customer=NET, payment="invoice"),
            "guest": cls.real.place_order("KF-500:2", "GL-05", telephone="0341 556677"),
            "austria": cls.real.place_order("WS-42", "MR-100:2", customer="lukas.gruber@example.test"),
        }
        cls.placed_to = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) + datetime.timedelta(seconds=1)
        # The owner ships the first order to the customer's office (the admin's order edit).
        cls.real.edit_delivery_address(
            cls.ids["gross"],
            company="Büro Schneider & Partner GmbH",
            street_address="Friedrichstraße 123",
            postcode="10117",
        )

    def setUp(self):
        super().setUp()
        if self.missing:
            if self.real.required:
                self.fail(f"The real shop is required here (SHOP_CONNECTOR_REAL_SHOP_REQUIRED=1): {self.missing}")
            self.skipTest(self.missing)
        self.backend = make_backend(self.env, self.real.url, self.taxes, name="Real modified shop")
        self.backend.write({"cao_user": CAO_USER, "cao_password": CAO_PASSWORD, "last_order_id": self.first - 1})
        self.backend.recheck_orders = 0
        run = self.backend._shop_import("manual")
        self.assertEqual(run.state, "done", run.failure_ids.mapped("reason") or run.error)
        orders = self.shop_orders()
        self.assertEqual(orders.mapped("shop_order_id"), sorted(self.ids.values()))
        self.orders = {
            key: orders.filtered(lambda o, i=shop_id: o.shop_order_id == i) for key, shop_id in self.ids.items()
        }

    def shop_row(self, sql, order_id):
        return self.real.query(sql % int(order_id))[0]

    def test_orders_keep_the_shops_date_and_total_to_the_cent(self):
        for key, order in self.orders.items():
            with self.subTest(order=key):
                self.assertEqual(order.state, "sale")
                self.assertFalse(order.shop_exception)
                (purchased,) = self.shop_row(
                    "SELECT date_purchased FROM orders WHERE orders_id = %d", order.shop_order_id
                )
                local = pytz.timezone("Europe/Berlin").localize(datetime.datetime.fromisoformat(purchased))
                self.assertEqual(order.date_order, local.astimezone(pytz.utc).replace(tzinfo=None))
                self.assertTrue(self.placed_from <= order.date_order <= self.placed_to, "placed just now, in UTC")
                (ot_total,) = self.shop_row(
                    "SELECT value FROM orders_total WHERE class = 'ot_total' AND orders_id = %d", order.shop_order_id
                )
                self.assertEqual(order.amount_total, round(float(ot_total), 2))
        net = self.orders["net"]
        self.assertEqual(net.shop_amount_total, 185.0045, "the trade customer's unrounded total")
        rounding = self.product_lines(net, "shop_connector.product_shop_rounding")
        self.assertEqual((net.amount_total, rounding.price_unit), (185.00, -0.01))
        self.assertTrue(self.orders["gross"].order_line[0].tax_id.price_include)
        self.assertFalse(net.order_line[0].tax_id.price_include)

    def test_customers_addresses_vat_and_phones_as_the_shop_has_them(self):
        gross, net, guest, austria = (self.orders[k] for k in ("gross", "net", "guest", "austria"))
        self.assertEqual(gross.partner_id.name, "Jürgen Weiß")
        self.assertEqual(gross.partner_shipping_id.name, "Büro Schneider & Partner GmbH, Jürgen Weiß")
        self.assertEqual(gross.partner_shipping_id.street, "Friedrichstraße 123")
        self.assertEqual(gross.partner_invoice_id, gross.partner_id)
        self.assertEqual(gross.partner_id.phone, "+49 30 1234567")
        self.assertIn("Bitte bei Frau Groß", gross.shop_comments)
        self.assertEqual(guest.partner_id.name, "Jörg Krämer")
        self.assertEqual(guest.partner_id.phone, "+49 341 556677")
        self.assertEqual((austria.partner_id.country_id.code, austria.partner_id.phone), ("AT", "+43 1 5551234"))
        company = net.partner_id
        self.assertEqual((company.name, company.is_company), ("Müller & Söhne Bürobedarf GmbH", True))
        self.assertEqual(company.phone, "+49 89 7654321")
        if "check_vat" in dir(company):  # Odoo's VAT check (base_vat, e.g. with the German chart)
            self.assertEqual((company.vat, company.shop_vat_refused), (False, "DE123456789"))
            self.assertIn("refused the VAT number DE123456789", net.shop_review)
        else:
            self.assertEqual((company.vat, company.shop_review), ("DE123456789", False))

    def test_status_pushed_to_the_shop_is_in_its_database_and_mailed(self):
        order = self.orders["gross"]
        mails_before = len(self.real.mails())
        wizard = self.env["shop.order.status.update"].create(
            {
                "order_id": order.id,
                "status_id": self.backend._shop_status(3).id,
                "comment": "Versandt, Grüße",
                "notify": True,
            }
        )
        wizard.action_apply()
        self.assertIn("customer notified by the shop", order.message_ids[0].body)
        (status,) = self.shop_row("SELECT orders_status FROM orders WHERE orders_id = %d", order.shop_order_id)
        self.assertEqual(status, "3")
        history = self.real.query(
            f"SELECT orders_status_id, customer_notified, comments FROM orders_status_history "
            f"WHERE orders_id = {order.shop_order_id} ORDER BY orders_status_history_id DESC LIMIT 1"
        )
        self.assertEqual(history, [["3", "1", "Versandt, Grüße"]])
        mails = self.real.mails()[mails_before:]
        self.assertEqual([str(m["To"]) for m in mails], ["Jürgen Weiß <juergen.weiss@example.test>"])
        # Same status, no comment: the shop answers CODE 1 and changes nothing.
        self.assertEqual(self.backend._shop_client().order_update(order.shop_order_id, 3).code, 1)
