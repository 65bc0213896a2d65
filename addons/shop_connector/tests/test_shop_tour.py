"""In the browser: configure a shop, test the connection, import, open an order, set its status."""

import json

from odoo.tests import HttpCase, tagged

from .common import ensure_chart, make_taxes
from .shop_server import ShopServer


@tagged("post_install", "-at_install")
class TestShopTour(HttpCase):
    def test_configure_import_and_update_status(self):
        ensure_chart(self.env)
        make_taxes(self.env, self.env.company)
        eur = self.env.ref("base.EUR")
        eur.active = True
        self.env["product.pricelist"].create({"name": "Shop EUR", "currency_id": eur.id})
        start = "/odoo/action-shop_connector.action_shop_backend"
        options = {"stepDelay": 0, "keepWatchBrowser": False, "startUrl": start}
        with ShopServer() as shop:
            self.start_tour(
                start,
                "shop_connector_tour",
                login="admin",
                code=(
                    f"sessionStorage.setItem('shop_connector_tour_url', {shop.url!r}); "
                    f"odoo.startTour('shop_connector_tour', {json.dumps(options)})"
                ),
            )
            backend = self.env["shop.backend"].search([("name", "=", "Testladen Tour")])
            self.assertEqual(backend.script_version, "1.56")
            updated = [u for u in shop.updates if u.get("status") == "3"]
            self.assertEqual(len(updated), 1)
            self.assertEqual(updated[0]["comments"], "Heute versandt")
            order = self.env["sale.order"].search(
                [("shop_backend_id", "=", backend.id), ("shop_order_id", "=", int(updated[0]["order_id"]))]
            )
            self.assertEqual(order.shop_status_id.code, 3)
