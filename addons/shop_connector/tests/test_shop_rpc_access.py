"""What a sales manager and a salesperson can do to a shop over XML-RPC: the shop's login never
leaves for another host, and only sales managers clear a difference."""

from xmlrpc.client import Fault

from odoo.tests import HttpCase, new_test_user, tagged

from .common import ensure_chart, make_backend, make_taxes
from .shop_server import PASSWORD_MD5, ShopServer


@tagged("post_install", "-at_install")
class TestShopRpcAccess(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ensure_chart(cls.env)
        cls.taxes = make_taxes(cls.env, cls.env.company)
        cls.manager = new_test_user(cls.env, "shop_rpc_manager", groups="sales_team.group_sale_manager")
        cls.salesperson = new_test_user(
            cls.env, "shop_rpc_salesperson", groups="sales_team.group_sale_salesman_all_leads"
        )

    def setUp(self):
        super().setUp()
        self.shop = self.start_shop()
        self.backend = make_backend(self.env, self.shop.url, self.taxes)

    def start_shop(self):
        shop = ShopServer()
        shop.__enter__()
        self.addCleanup(shop.__exit__)
        return shop

    def rpc(self, user, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(self.env.cr.dbname, user.id, user.login, model, method, list(args), kwargs)

    def test_a_sales_manager_cannot_send_the_shop_login_to_another_host(self):
        thief = self.start_shop()
        backend_id = self.backend.id
        self.rpc(self.manager, "shop.backend", "write", [backend_id], {"url": thief.url})
        with self.assertRaisesRegex(Fault, "Enter the CAO user and password"):
            self.rpc(self.manager, "shop.backend", "action_test_connection", [backend_id])
        copies = self.rpc(self.manager, "shop.backend", "copy", [backend_id], {"name": "Kopie", "url": thief.url})
        copy_id = copies[0] if isinstance(copies, list) else copies
        with self.assertRaisesRegex(Fault, "Enter the CAO user and password"):
            self.rpc(self.manager, "shop.backend", "action_test_connection", [copy_id])
        self.assertFalse(
            [r for r in thief.requests if r.get("user") or r.get("password")], "the login never reached the other host"
        )
        self.assertFalse(self.backend.cao_password, "moved by a non-administrator: the password is gone")
        for field in ("cao_user", "cao_password"):
            with self.assertRaisesRegex(Fault, "AccessError|access"):
                self.rpc(self.manager, "shop.backend", "read", [backend_id], [field])

        # An administrator may move the shop, credentials and all.
        self.backend.cao_password = PASSWORD_MD5
        admin = self.env.ref("base.user_admin")
        admin.password = "admin-shop-rpc"
        self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            admin.id,
            "admin-shop-rpc",
            "shop.backend",
            "write",
            [[backend_id], {"url": self.shop.url}],
        )
        self.assertEqual(self.backend.cao_password, PASSWORD_MD5)

    def test_only_a_sales_manager_accepts_a_difference(self):
        self.backend._shop_import("manual")
        order = self.env["sale.order"].search([("shop_backend_id", "=", self.backend.id)], limit=1)
        order.write({"state": "draft", "shop_exception": "Rebuilt in Odoo: total 100.00; the shop's: 90.00"})
        for method, args in (("action_shop_accept_difference", []), ("write", [{"shop_exception": False}])):
            with self.subTest(method=method), self.assertRaisesRegex(Fault, "Only sales managers"):
                self.rpc(self.salesperson, "sale.order", method, [order.id], *args)
        self.assertTrue(order.shop_exception)
        with self.assertRaisesRegex(Fault, "differs from the shop"):
            self.rpc(self.salesperson, "sale.order", "action_confirm", [order.id])
        self.rpc(self.manager, "sale.order", "action_shop_accept_difference", [order.id])
        self.assertFalse(order.shop_exception)
