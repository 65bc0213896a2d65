"""An imported order is dated when it was placed in the shop (the shop's local time, stored in
UTC), as a quotation and once confirmed, on its first import and when it is updated."""

from datetime import datetime

from odoo.tests import tagged

from .common import ShopCase
from .shop_server import fixture, split_records


@tagged("post_install", "-at_install")
class TestShopOrderDate(ShopCase):
    def test_confirmed_orders_keep_the_date_they_were_placed_in_the_shop(self):
        # A summer order (Berlin is UTC+2 then), just before midnight: still the 15th in UTC.
        self.shop.orders[4] = self.shop.orders[4].replace(
            "<ORDER_DATE>2026-12-01 09:04:49</ORDER_DATE>", "<ORDER_DATE>2026-07-15 23:30:00</ORDER_DATE>"
        )
        self.backend._shop_import("manual")
        orders = self.shop_orders()
        self.assertEqual(orders.mapped("state"), ["sale"] * 5)
        # Recorded at 09:04 in the shop (Berlin, UTC+1 in December).
        self.assertEqual(orders[0].date_order, datetime(2026, 12, 1, 8, 4, 41))
        self.assertEqual(orders[1].date_order, datetime(2026, 12, 1, 8, 4, 42))
        self.assertEqual(orders[3].date_order, datetime(2026, 7, 15, 21, 30))

    def test_quotation_confirmed_by_an_update_keeps_the_shops_date(self):
        self.backend._shop_status(1).step = "quotation"
        self.backend._shop_import("manual")
        order = self.shop_orders()[0]
        self.assertEqual((order.state, order.date_order), ("draft", datetime(2026, 12, 1, 8, 4, 41)))
        # The shop moves it to 2 Processing, whose step confirms it.
        self.shop.orders[1] = split_records(fixture("orders_export_1_changed.xml"), "ORDER_INFO")[0]
        run = self.backend._shop_import("manual")
        self.assertEqual(run.order_updated, 1)
        self.assertEqual((order.state, order.date_order), ("sale", datetime(2026, 12, 1, 8, 4, 41)))

    def test_confirming_by_hand_keeps_the_shops_date_and_dates_other_orders_now(self):
        self.backend._shop_status(1).step = "quotation"
        self.backend._shop_import("manual")
        shop_order = self.shop_orders()[1]
        own_order = shop_order.copy({"shop_backend_id": False, "date_order": datetime(2020, 1, 1)})
        (shop_order | own_order).action_confirm()
        self.assertEqual(shop_order.date_order, datetime(2026, 12, 1, 8, 4, 42))
        self.assertGreater(own_order.date_order, datetime(2026, 1, 1), "Odoo dates its own orders at confirmation")
