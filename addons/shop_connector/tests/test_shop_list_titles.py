"""The webshop lists at 1440 pixels in English, German, Norwegian and Latvian: every column title
whole."""

from odoo.tests import HttpCase, tagged

from .common import ensure_chart, make_backend, make_taxes
from .shop_server import ShopServer, with_line, with_order_id_text

LISTS = ("action_shop_backend", "action_shop_import_run", "action_shop_import_failure", "action_shop_order_exceptions")


@tagged("post_install", "-at_install")
class TestShopListTitles(HttpCase):
    browser_size = "1440x900"

    def test_webshop_list_titles_are_whole_in_four_languages(self):
        ensure_chart(self.env)
        with ShopServer() as shop:
            backend = make_backend(self.env, shop.url, make_taxes(self.env, self.env.company))
            recorded = dict(shop.orders)
            # A difference and a failed record, so that each list has a row.
            shop.orders[1] = with_line(recorded[1], 1, quantity="-5")
            shop.orders[6] = with_order_id_text(recorded[2], "1e999")
            backend._shop_import("manual")
        admin = self.env.ref("base.user_admin")
        for lang in ("en_US", "de_DE", "nb_NO", "lv_LV"):
            self.env["res.lang"]._activate_lang(lang)
            self.env["ir.module.module"]._load_module_terms(["shop_connector"], [lang], overwrite=True)
            admin.lang = lang
            for action in LISTS:
                with self.subTest(lang=lang, list=action):
                    self.start_tour(f"/odoo/action-shop_connector.{action}", "shop_list_titles_whole", login="admin")
