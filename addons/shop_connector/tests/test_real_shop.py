"""Against the real modified 2.0.7.2 of shared/tools/modified-shop when it runs on this machine
(SHOP_CONNECTOR_REAL_SHOP, default http://127.0.0.1:8791/); skipped otherwise, as in CI. The
fixture server tests are the ones that must pass everywhere."""

import os

from odoo.tests import tagged

from ..providers import CaoClient, CaoSettings, ShopError
from .common import ShopCase, make_backend

REAL_SHOP = os.environ.get("SHOP_CONNECTOR_REAL_SHOP", "http://127.0.0.1:8791/")


@tagged("post_install", "-at_install")
class TestRealShop(ShopCase):
    def setUp(self):
        super().setUp()
        try:
            CaoClient(CaoSettings(REAL_SHOP, "cao@shop.test", "cao-secret", timeout=5)).version()
        except ShopError as exc:
            self.skipTest(f"no modified shop at {REAL_SHOP} ({exc.kind})")
        self.real = make_backend(self.env, REAL_SHOP, self.taxes, name="Real modified shop")
        self.real.status_ids.import_orders = True

    def test_every_order_of_the_real_shop_matches_its_total(self):
        self.assertEqual(self.real._shop_client().version()["script_ver"], "1.56")
        run = self.real._shop_import("manual")
        self.assertNotEqual(run.state, "failed", run.error)
        orders = self.shop_orders(self.real)
        self.assertTrue(orders)
        for order in orders:
            self.assertFalse(order.shop_exception, order.shop_exception)
            self.assertAlmostEqual(order.amount_total, order.shop_amount_total, delta=0.02)
        # Same status, no comment: the shop answers CODE 1 and changes nothing.
        result = self.real._shop_client().order_update(orders[0].shop_order_id, orders[0].shop_status_id.code)
        self.assertEqual(result.code, 1)
