"""The webshop screens in German at 1440 pixels, including texts the scheduled import wrote."""

from odoo.tests import HttpCase, tagged

from .common import ensure_chart, make_backend, make_taxes
from .shop_server import ShopServer, with_line, with_order_id_text


@tagged("post_install", "-at_install")
class TestShopScreensGerman(HttpCase):
    browser_size = "1440x900"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("de_DE")
        cls.env["ir.module.module"]._load_module_terms(["shop_connector"], ["de_DE"], overwrite=True)
        cls.env.ref("base.user_admin").lang = "de_DE"
        cls.env.company.partner_id.lang = "de_DE"
        ensure_chart(cls.env)
        cls.taxes = make_taxes(cls.env, cls.env.company)

    def tour(self, action, name):
        self.start_tour(f"/odoo/action-shop_connector.{action}", name, login="admin")

    def test_webshop_screens_read_in_german(self):
        self.tour("action_shop_order_exceptions", "shop_screens_de_no_difference")
        self.tour("action_shop_backend", "shop_screens_de_new_shop")
        with ShopServer() as shop:
            backend = make_backend(self.env, shop.url, self.taxes)
            recorded = dict(shop.orders)
            shop.orders = {
                1: with_line(recorded[1], 1, quantity="-5"),
                2: with_order_id_text(recorded[2], "1e999"),
                3: recorded[3],
            }
            # The scheduled import, from an English environment as the scheduler's.
            run = backend.with_context(lang="en_US")._shop_import("cron")
        self.assertIn("Der Shop hat Werte gesendet", run.failure_ids.reason)
        order = self.env["sale.order"].search([("shop_backend_id", "=", backend.id), ("shop_order_id", "=", 1)])
        self.assertIn("Position 1", order.shop_exception)
        self.tour("action_shop_import_run", "shop_screens_de_runs")
        self.tour("action_shop_order_exceptions", "shop_screens_de_differences")
