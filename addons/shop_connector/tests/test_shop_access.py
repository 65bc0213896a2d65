"""Credentials are administrators' only and never shown in messages; salespeople may still push
a status (the client reads the credentials as superuser)."""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ShopCase
from .shop_server import PASSWORD, PASSWORD_MD5


@tagged("post_install", "-at_install")
class TestShopAccess(ShopCase):
    def test_only_administrators_read_the_credentials(self):
        salesman = new_test_user(self.env, "shop_salesman", groups="sales_team.group_sale_salesman")
        manager = new_test_user(self.env, "shop_manager", groups="sales_team.group_sale_manager")
        for user in (salesman, manager):
            backend = self.backend.with_user(user)
            self.assertEqual(backend.name, "Testladen")
            with self.assertRaises(AccessError):
                backend.read(["cao_password"])
            with self.assertRaises(AccessError):
                backend.read(["cao_user"])
        with self.assertRaises(AccessError):
            self.backend.with_user(salesman).write({"url": "http://127.0.0.1:9/"})
        self.assertEqual(self.backend.read(["cao_password"])[0]["cao_password"], PASSWORD)

    def test_salesperson_pushes_a_status_without_seeing_the_password(self):
        salesman = new_test_user(self.env, "shop_pusher", groups="sales_team.group_sale_salesman_all_leads")
        self.backend._shop_import("manual")
        order = self.shop_orders()[0].with_user(salesman)
        wizard = (
            self.env["shop.order.status.update"]
            .with_user(salesman)
            .create({"order_id": order.id, "status_id": self.backend._shop_status(2).id, "comment": "In Arbeit"})
        )
        wizard.action_apply()
        self.assertEqual(self.shop.updates[-1]["password"], PASSWORD_MD5)

    def test_credentials_never_appear_in_errors_or_chatter(self):
        self.backend.url = "http://127.0.0.1:9/"
        self.backend.action_test_connection()
        self.backend.cao_password = "n3w-Secret"
        run = self.backend._shop_import("manual")
        texts = [self.backend.last_error, run.error, *self.backend.message_ids.mapped("body")]
        texts += (
            self.env["mail.tracking.value"]
            .search([("mail_message_id", "in", self.backend.message_ids.ids)])
            .mapped("old_value_char")
        )
        for text in texts:
            for secret in (PASSWORD, PASSWORD_MD5, "n3w-Secret"):
                self.assertNotIn(secret, text or "")
        self.assertIn("cannot be reached", run.error)

    def test_refused_login_says_what_to_check(self):
        self.backend.cao_password = "wrong"
        self.backend.action_test_connection()
        self.assertEqual(self.backend.connection_state, "error")
        self.assertIn("refused the login, or its CAO Faktura module is off", self.backend.last_error)
        run = self.backend._shop_import("manual")
        self.assertEqual(run.state, "failed")
        self.assertFalse(self.shop_orders(), "nothing half-written")

    def test_hostile_answer_stops_the_run_cleanly(self):
        # The entity bomb, and the same behind a prolog longer than any first chunk.
        for mode in ("bomb", "dtd_after_comment"):
            with self.subTest(mode=mode):
                self.shop.mode = mode
                run = self.backend._shop_import("manual")
                self.assertEqual(run.state, "failed")
                self.assertIn("document type declaration (possible entity-expansion attack)", run.error)
                self.assertFalse(self.shop_orders())
                self.backend.action_test_connection()
                self.assertIn("entity-expansion", self.backend.last_error)
