"""What a shop owner reads when the shop cannot be asked: one sentence naming the shop and what
to check, never the HTTP library's text."""

from odoo.tests import tagged

from .common import ShopCase


@tagged("post_install", "-at_install")
class TestShopErrors(ShopCase):
    def test_shop_down_is_one_line_naming_the_shop_and_what_to_check(self):
        self.backend.url = "http://127.0.0.1:9/"
        self.backend.action_test_connection()
        self.assertEqual(
            self.backend.last_error,
            "The shop Testladen cannot be reached at http://127.0.0.1:9/: check that the shop is online "
            "and that its address is right.",
        )
        run = self.backend._shop_import("manual")
        self.assertEqual((run.state, run.error), ("failed", self.backend.last_error))
        for text in ("HTTPConnectionPool", "Errno", "urllib3", "\n"):
            self.assertNotIn(text, run.error)

    def test_web_page_instead_of_the_interface_says_so(self):
        for mode in ("web_page", "web_page_as_xml"):
            with self.subTest(mode=mode):
                self.shop.mode = mode
                run = self.backend._shop_import("manual")
                self.assertEqual(run.state, "failed")
                self.assertIn("The shop Testladen answered with a web page, not its CAO interface", run.error)
                self.assertIn("maintenance mode", run.error)
                self.assertNotIn("entity-expansion", run.error)
                self.assertFalse(self.shop_orders())
                self.backend.action_test_connection()
                self.assertIn("answered with a web page", self.backend.last_error)
