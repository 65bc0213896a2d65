"""Two shop backends (two shop databases, each with its own order, customer and product ids):
each keeps its own links, orders and statuses; the same order id in both is two orders."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ShopCase, make_backend
from .shop_server import ShopServer, fixture, split_records


@tagged("post_install", "-at_install")
class TestShopTwoBackends(ShopCase):
    def setUp(self):
        super().setUp()
        self.shop_b = ShopServer()
        self.shop_b.__enter__()
        self.addCleanup(self.shop_b.__exit__)
        self.backend_b = make_backend(self.env, self.shop_b.url, self.taxes, name="Zweitladen")

    def links(self, model, backend):
        return self.env[model].search([("backend_id", "=", backend.id)])

    def test_same_shop_ids_in_two_shops_are_two_orders_with_their_own_links(self):
        run_a = self.backend._shop_import("manual")
        # Shop A's links exist before B imports: B must make its own, not reuse A's.
        run_b = self.backend_b._shop_import("manual")
        self.assertEqual((run_a.order_created, run_b.order_created), (5, 5))
        self.assertEqual((run_b.customer_created, run_b.product_created, run_b.carrier_created), (4, 5, 1))
        orders_a, orders_b = self.shop_orders(self.backend), self.shop_orders(self.backend_b)
        self.assertEqual(orders_a.mapped("shop_order_id"), orders_b.mapped("shop_order_id"))
        self.assertFalse(orders_a & orders_b)
        self.assertEqual(set(orders_b.shop_status_id.backend_id.ids), {self.backend_b.id})
        self.assertEqual(set(orders_b.shop_domain_id.backend_id.ids), {self.backend_b.id})
        self.assertEqual(self.backend_b.last_order_id, 5)

        for model in ("shop.partner.binding", "shop.product.binding", "shop.carrier.binding"):
            links_a, links_b = self.links(model, self.backend), self.links(model, self.backend_b)
            self.assertEqual(len(links_a), len(links_b), model)
            self.assertFalse(links_a & links_b, model)
            self.assertEqual(set(links_b.domain_id.backend_id.ids) - {self.backend_b.id}, set(), model)
        # The same person (e-mail) and the same SKU are one partner and one product in Odoo.
        self.assertEqual(orders_a[0].partner_id, orders_b[0].partner_id)
        self.assertEqual(
            self.links("shop.product.binding", self.backend).product_id,
            self.links("shop.product.binding", self.backend_b).product_id,
        )
        # Each shop's delivery method is its own (its shipping modules may cost differently).
        self.assertNotEqual(orders_a[0].carrier_id, orders_b[0].carrier_id)

        # Nothing new in either shop: both unchanged.
        for backend in (self.backend, self.backend_b):
            run = backend._shop_import("manual")
            self.assertEqual((run.order_created, run.order_updated, run.customer_created), (0, 0, 0))

    def test_a_change_in_one_shop_updates_only_its_order(self):
        self.backend._shop_import("manual")
        self.backend_b._shop_import("manual")
        self.shop_b.orders[1] = split_records(fixture("orders_export_1_changed.xml"), "ORDER_INFO")[0]
        self.assertEqual(self.backend._shop_import("manual").order_updated, 0)
        self.assertEqual(self.backend_b._shop_import("manual").order_updated, 1)
        self.assertEqual(self.shop_orders(self.backend)[0].shop_status_id.code, 1)
        self.assertEqual(self.shop_orders(self.backend_b)[0].shop_status_id.code, 2)

    def test_status_goes_to_the_orders_own_shop_only(self):
        self.backend._shop_import("manual")
        self.backend_b._shop_import("manual")
        order_b = self.shop_orders(self.backend_b)[0]
        wizard = self.env["shop.order.status.update"].create(
            {"order_id": order_b.id, "status_id": self.backend_b._shop_status(3).id, "notify": False}
        )
        wizard.action_apply()
        self.assertEqual([u["order_id"] for u in self.shop_b.updates], ["1"])
        self.assertFalse(self.shop.updates, "shop A was not asked")
        with self.assertRaisesRegex(UserError, "belongs to the shop Testladen"):
            order_b._shop_push_status(self.backend._shop_status(3), "", notify=False)
        self.assertEqual(len(self.shop_b.updates), 1)
