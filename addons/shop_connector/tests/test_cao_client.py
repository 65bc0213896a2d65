"""The CAO client against the fixture shop on 127.0.0.1: charsets, refused logins, hostile or
broken answers, deadlines and the order_update codes the real 2.0.7.2 answered."""

import tempfile
import time

from lxml import etree

from odoo.tests import BaseCase, tagged

from ..providers import CaoClient, CaoSettings, ShopError
from ..providers.xml_guard import record_parser
from .shop_server import LONG_PROLOG, PASSWORD, PASSWORD_MD5, SLOW_SECONDS, USER, ShopServer


@tagged("post_install", "-at_install")
class TestCaoClient(BaseCase):
    def setUp(self):
        super().setUp()
        self.shop = ShopServer()
        self.shop.__enter__()
        self.addCleanup(self.shop.__exit__)

    def client(self, **settings):
        values = {"url": self.shop.url, "user": USER, "password": PASSWORD, **settings}
        return CaoClient(CaoSettings(**values))

    def assertShopError(self, kind, call):
        with self.assertRaises(ShopError) as caught:
            call()
        self.assertEqual(caught.exception.kind, kind, caught.exception)
        return caught.exception

    def test_version_logs_in_with_the_md5_of_the_password(self):
        self.assertEqual(self.client().version(), {"script_ver": "1.56", "script_date": "2009.08.26"})
        self.assertEqual(self.shop.requests[-1]["password"], PASSWORD_MD5)
        self.assertEqual(self.client(password=PASSWORD_MD5).version()["script_ver"], "1.56", "an md5 is sent as is")

    def test_orders_in_utf8_and_iso_8859_15_read_the_same(self):
        utf8 = list(self.client().iter_orders(1))
        self.shop.charset = "iso-8859-15"
        latin9 = list(self.client().iter_orders(1))
        self.assertEqual([o["billing"]["name"] for o in latin9], [o["billing"]["name"] for o in utf8])
        weiss = latin9[0]
        self.assertEqual(weiss["billing"]["name"], "Jürgen Weiß")
        self.assertEqual(weiss["lines"][0]["price"], 104.20168067227)
        self.assertEqual(
            weiss["lines"][0]["options"][0],
            {"name": "Größe", "value": "XL", "model": "JK-XL", "prefix": "+", "price": 4.2017},
        )
        self.assertTrue(weiss["lines"][0]["tax_flag"])
        self.assertEqual(latin9[2]["lines"][0]["name"], "Bio-Kaffee „Straßenröstung“ 500 g")
        self.assertFalse(any(o["broken_encoding"] for o in latin9))

    def test_customers_and_products_are_paged_by_offset(self):
        customers = list(self.client(page_size=3).iter_customers())
        self.assertEqual(
            [c["email"] for c in customers][1:],
            ["juergen.weiss@example.test", "einkauf@mueller-soehne.example.test", "lukas.gruber@example.test"],
        )
        pages = [(r["customers_from"], r["customers_count"]) for r in self.shop.actions("customers_export")]
        self.assertEqual(pages, [("0", "3"), ("3", "3")])
        products = list(self.client(page_size=5).iter_products())
        self.assertEqual(len(products), 5)
        self.assertEqual(products[0]["descriptions"]["de"]["name"], "Größe XL Jacke")

    def test_refused_login_is_told_as_such(self):
        self.assertShopError("login_refused", self.client(password="wrong").version)
        self.assertShopError("login_refused", lambda: list(self.client(password="wrong").iter_orders(1)))
        self.shop.cao_enabled = False
        self.assertShopError("login_refused", self.client().version)

    def test_unreachable_shop(self):
        error = self.assertShopError("unreachable", self.client(url="http://127.0.0.1:9/").version)
        self.assertNotIn(PASSWORD_MD5, str(error), "the credentials are not in the message")

    def test_hostile_and_broken_answers_are_refused(self):
        faults = (("bomb", "hostile"), ("dtd", "hostile"), ("html", "not_xml"), ("500", "http"))
        for mode, kind in faults:
            with self.subTest(mode=mode):
                self.shop.mode = mode
                self.assertShopError(kind, lambda: list(self.client().iter_orders(1)))
        self.shop.mode = "huge"
        self.assertShopError("too_large", lambda: list(self.client(max_bytes=1024 * 1024).iter_orders(1)))

    def test_web_page_instead_of_the_interface_is_told_as_such(self):
        for mode in ("web_page", "web_page_as_xml"):
            with self.subTest(mode=mode):
                self.shop.mode = mode
                self.assertShopError("web_page", self.client().version)
                self.assertShopError("web_page", lambda: list(self.client().iter_orders(1)))

    def test_dtd_behind_a_long_prolog_is_refused(self):
        """A DTD may follow comments and processing instructions of any length: it is refused
        wherever it stands before the root element, by the streamed exports and by the calls
        read whole, and nothing of the answer is parsed."""
        self.assertGreater(len(LONG_PROLOG), 400_000, "the prolog is longer than any first chunk")
        self.shop.mode = "dtd_after_comment"
        error = self.assertShopError("hostile", lambda: list(self.client().iter_orders(1)))
        self.assertEqual(error.detail, "document type declaration")
        self.assertShopError("hostile", self.client().version)
        self.assertShopError("hostile", self.client().config)

    def test_comments_and_instructions_before_the_root_are_read(self):
        """The same long prolog without a DTD is an answer like any other."""
        self.shop.prolog = LONG_PROLOG
        self.assertEqual(self.client().version()["script_ver"], "1.56")
        self.assertEqual(len(list(self.client().iter_orders(1))), 5)

    def test_orders_outside_the_ids_asked_for_are_dropped(self):
        self.shop.ignore_order_ids = True
        self.assertEqual([order["id"] for order in self.client().iter_orders(3, 4)], [3, 4])
        self.assertEqual([order["id"] for order in self.client().iter_orders(6)], [], "none after the last")

    def test_total_deadline(self):
        self.shop.mode = "slow"
        self.assertShopError("timeout", self.client(timeout=SLOW_SECONDS / 4).version)

    def test_order_update_codes(self):
        client = self.client()
        result = client.order_update(1, 2, "Wird bearbeitet, Grüße", notify=True)
        self.assertEqual((result.code, result.message), (0, "OK"))
        form = self.shop.updates[-1]
        self.assertEqual(
            (form["order_id"], form["status"], form["notify"], form["notify_comments"]), ("1", "2", "on", "on")
        )
        self.assertIn("Grüße", next(iter(client.iter_orders(1, 1)))["comments"])
        self.assertEqual(client.order_update(1, 2).code, 1, "same status, no comment: NO STATUS CHANGE")
        self.assertEqual(client.order_update(404, 2).code, 2)
        self.shop.update_mode = "php8_stock"
        result = client.order_update(3, 3, "Versandt", notify=True)
        self.assertTrue(result.unrecorded, "stock 2.0.7.2 on PHP 8: empty answer")
        self.assertEqual(next(iter(client.iter_orders(3, 3)))["status"], 3, "the status did change")

    def test_utf7_answer_spelling_its_doctype_in_plus_codes_is_refused(self):
        """UTF-7 writes `<!DOCTYPE` as `+ADw-!DOCTYPE`, which no byte check sees: only charsets
        that write the markup in ASCII are read."""
        secret = self.secret_file()
        self.shop.mode = "utf7"
        self.shop.secret_file = secret
        error = self.assertShopError("hostile", self.client().version)
        self.assertEqual(error.detail, "charset utf-7")

    def test_parsers_resolve_no_entity_load_no_dtd_and_keep_the_depth_limit(self):
        """The parsers' own settings, with documents the byte check never lets through (so they
        are given to the parsers directly): a local file named by an entity stays unread, a DTD on
        the network is not fetched, and a tree deeper than libxml2's limit is refused."""
        secret = self.secret_file()
        dtd_url = f"{self.shop.url}evil.dtd"
        documents = [
            f'<!DOCTYPE STATUS [<!ENTITY s SYSTEM "file://{secret}">]><STATUS><ORDER_INFO>&s;</ORDER_INFO></STATUS>',
            f'<!DOCTYPE STATUS SYSTEM "{dtd_url}"><STATUS><ORDER_INFO>&s;</ORDER_INFO></STATUS>',
            f'<!DOCTYPE STATUS [<!ENTITY s SYSTEM "{dtd_url}">]><STATUS><ORDER_INFO>&s;</ORDER_INFO></STATUS>',
        ]
        client = self.client()
        for document in documents:
            with self.subTest(document=document[:60]):
                try:
                    text = "".join(client._parse_document(document.encode()).itertext())
                except ShopError as exc:
                    text = str(exc)
                self.assertNotIn("TOP-SECRET", text)
                parser = record_parser("ORDER_INFO")
                try:
                    parser.feed(document)
                    parser.close()
                    text = "".join("".join(element.itertext()) for _event, element in parser.read_events())
                except etree.XMLSyntaxError as exc:
                    text = str(exc)
                self.assertNotIn("TOP-SECRET", text)
        self.assertFalse(self.shop.requests, "nothing fetched from the network")
        deep = "<STATUS>" + "<a>" * 300 + "</a>" * 300 + "</STATUS>"
        self.assertShopError("not_xml", lambda: client._parse_document(deep.encode()))
        parser = record_parser("ORDER_INFO")
        with self.assertRaises(etree.XMLSyntaxError):
            parser.feed(deep)
            parser.close()

    def test_deadline_bounds_a_shop_sending_one_byte_a_second(self):
        """Each byte comes long before any read timeout: only the total deadline ends it."""
        self.shop.mode = "drip"
        started = time.monotonic()
        self.assertShopError("timeout", lambda: list(self.client(timeout=3).iter_orders(1)))
        self.assertLess(time.monotonic() - started, 4.5, "cut at the deadline, not at the end of the answer")
        started = time.monotonic()
        self.assertShopError("timeout", self.client(timeout=2).version)
        self.assertLess(time.monotonic() - started, 3.5)

    def test_size_limit_holds_for_a_chunked_answer_without_content_length(self):
        self.shop.mode = "chunked"
        self.assertShopError("too_large", lambda: list(self.client(max_bytes=1024 * 1024).iter_orders(1)))
        self.assertShopError("too_large", self.client(max_bytes=1024 * 1024).version)

    def secret_file(self):
        handle = tempfile.NamedTemporaryFile("w", suffix=".txt")  # noqa: SIM115 - closed at cleanup
        handle.write("TOP-SECRET")
        handle.flush()
        self.addCleanup(handle.close)
        return handle.name
