"""A real HTTP server on 127.0.0.1 speaking the CAO-Faktura interface of modified eCommerce
(export/cao_xtc.php), serving answers recorded from a real 2.0.7.2 shop (see fixtures/README.md).

It behaves as the shop's source does: a wrong login gives HTTP 200 with an empty body,
customers and products are paged by row offset, orders are filtered by id and status, and
order_update answers CODE 0 / 1 / 2 / 99 and changes the exported order (status and comments),
or, in the "php8_stock" update mode, changes the status and answers an empty body (stock
2.0.7.2 on PHP 8 with notify=on).
"""

import hashlib
import re
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from odoo.addons.base_request_deadline.tests.http_server import QuietHTTPServer, ServedInThread

FIXTURES = Path(__file__).parent / "fixtures" / "modified_2.0.7.2"
USER = "cao@shop.test"
PASSWORD = "cao-secret"
PASSWORD_MD5 = hashlib.md5(PASSWORD.encode()).hexdigest()
DECLARATION = '<?xml version="1.0" encoding="utf-8"?>'
SLOW_SECONDS = 4

ENTITY_BOMB = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n<ORDER><ORDER_INFO>&lol3;</ORDER_INFO></ORDER>'
)
EXTERNAL_DTD = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE ORDER SYSTEM "http://127.0.0.1:9/evil.dtd">\n<ORDER></ORDER>'
)
# A comment and a processing instruction longer than any first chunk a reader might look at
# (with "->" look-alikes inside the comment), and the entity bomb behind them.
LONG_PROLOG = b"<!-- " + b"Kommentar - > -> " * 20_000 + b"-->\n<?php " + b"x" * 100_000 + b" ?>\n"
DTD_AFTER_LONG_COMMENT = ENTITY_BOMB.replace(b"?>\n", b"?>\n" + LONG_PROLOG, 1)
# A version answer declaring UTF-7, whose DOCTYPE the bytes spell "+ADw-!DOCTYPE": an external
# entity to a local file in the script date (SECRET_FILE is set by the test).
UTF7_DOCTYPE = (
    '<?xml version="1.0" encoding="utf-7"?>\n+ADw-!DOCTYPE STATUS +AFs-+ADw-!ENTITY secret SYSTEM '
    "+ACI-file://{path}+ACI-+AD4-+AF0-+AD4-\n+ADw-STATUS+AD4-+ADw-STATUS+AF8-DATA+AD4-+ADw-SCRIPT+AF8-VER+AD4-"
    "1.56+ADw-/SCRIPT+AF8-VER+AD4-+ADw-SCRIPT+AF8-DATE+AD4-+ACY-secret;+ADw-/SCRIPT+AF8-DATE+AD4-"
    "+ADw-/STATUS+AF8-DATA+AD4-+ADw-/STATUS+AD4-"
)
HUGE_ANSWER = b'<?xml version="1.0" encoding="utf-8"?>\n<ORDER>' + b"<ORDER_INFO></ORDER_INFO>" * 200_000 + b"</ORDER>"
DRIP_BYTES = 40  # the slow shop's answer, sent one byte a second


def fixture(name):
    return (FIXTURES / name).read_text(encoding="utf-8")


def split_records(text, tag):
    return re.findall(rf"<{tag}>.*?</{tag}>\n", text, flags=re.S)


def recorded_orders():
    """{order id: ORDER_INFO fragment} as the real shop exported them."""
    return {
        int(re.search(r"<ORDER_ID>(\d+)</ORDER_ID>", fragment).group(1)): fragment
        for fragment in split_records(fixture("orders_export_from_1.xml"), "ORDER_INFO")
    }


def with_shop_id(fragment, shop_id):
    """Derived: the domain element a multi-shop set-up adds to the order header."""
    return fragment.replace("</ORDER_HEADER>", f"<SHOP_ID>{shop_id}</SHOP_ID>\n</ORDER_HEADER>", 1)


def renumbered(fragment, order_id):
    return re.sub(r"<ORDER_ID>\d+</ORDER_ID>", f"<ORDER_ID>{order_id}</ORDER_ID>", fragment, count=1)


def with_unknown_tax_rate(fragment, order_id):
    """Derived bad record: a line taxed at a rate no tax mapping knows (10 %)."""
    return renumbered(fragment, order_id).replace(
        "<PRODUCTS_TAX>7.0000</PRODUCTS_TAX>", "<PRODUCTS_TAX>10.0000</PRODUCTS_TAX>"
    )


def with_missing_product(fragment, order_id):
    """Derived bad record: a product the shop deleted and Odoo never had."""
    fragment = renumbered(fragment, order_id)
    fragment = re.sub(r"<PRODUCTS_ID>\d+</PRODUCTS_ID>", "<PRODUCTS_ID>404</PRODUCTS_ID>", fragment, count=1)
    return re.sub(
        r"<PRODUCTS_MODEL>[^<]*</PRODUCTS_MODEL>", "<PRODUCTS_MODEL>XX-404</PRODUCTS_MODEL>", fragment, count=1
    )


WEB_PAGE = (
    b'<!DOCTYPE html>\n<html lang="de"><head><title>Wartungsarbeiten</title></head>\n'
    b"<body><h1>Wir sind gleich wieder da</h1><p>Der Shop wird gerade gewartet.</p></body></html>\n"
)
LATIN1_MARK = "@@LATIN1@@"


def with_order_id_text(fragment, text):
    """Derived hostile record: an order id that is no whole number (1e999)."""
    return re.sub(r"<ORDER_ID>\d+</ORDER_ID>", f"<ORDER_ID>{text}</ORDER_ID>", fragment, count=1)


def with_line(fragment, order_id, quantity=None, price=None):
    """Derived hostile record: the first product line's quantity and/or net price replaced."""
    fragment = renumbered(fragment, order_id)
    if quantity is not None:
        fragment = re.sub(r"<PRODUCTS_QUANTITY>[^<]*<", f"<PRODUCTS_QUANTITY>{quantity}<", fragment, count=1)
    if price is not None:
        fragment = re.sub(r"<PRODUCTS_PRICE>[^<]*<", f"<PRODUCTS_PRICE>{price}<", fragment, count=1)
    return fragment


def with_broken_encoding(fragment, order_id):
    """Derived bad record: a Latin-1 byte inside a UTF-8 answer (the 2.0.7.2 status mail has one)."""
    return renumbered(fragment, order_id).replace("Rosenstraße", f"Rosenstra{LATIN1_MARK}e", 1)


class ShopServer(ServedInThread):
    """The fixture shop. Attributes tests change: orders, charset, mode, update_mode, cao_enabled."""

    def __init__(self):
        self.orders = recorded_orders()
        self.customers = split_records(fixture("customers_export.xml"), "CUSTOMERS_DATA")
        self.products = split_records(fixture("products_export.xml"), "PRODUCT_INFO")
        self.charset = "utf-8"  # or "iso-8859-15", as older shops serve
        # None or a fault: "bomb", "dtd", "dtd_after_comment", "huge", "html", "slow", "500", "utf7",
        # "web_page", "web_page_as_xml", "drip" (one byte a second), "chunked" (the huge answer,
        # chunked, without Content-Length)
        self.mode = None
        self.secret_file = ""  # the local file the "utf7" answer's entity names
        self.prolog = b""  # bytes put between the XML declaration and the root element
        self.update_mode = "fixed"  # "fixed" (3.x, or 2.0.7.2 with the PHP 8 fix) or "php8_stock"
        self.cao_enabled = True
        self.ignore_order_ids = False  # a broken shop answering every order, whatever ids were asked
        self.requests = []
        self.updates = []
        self.lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"owner": self})
        self._serve_in_thread(QuietHTTPServer(("127.0.0.1", 0), handler))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def actions(self, name=None):
        return [r for r in self.requests if name is None or r.get("action") == name]

    # -- answers ------------------------------------------------------------

    def document(self, root, fragments):
        return f"{DECLARATION}\n<{root}>\n{''.join(fragments)}</{root}>\n\n"

    def encode(self, text):
        if self.charset != "utf-8":
            # Derived: the same answer as an older shop with CHARSET iso-8859-15 sends it.
            text = text.replace('encoding="utf-8"', f'encoding="{self.charset}"', 1)
            # Characters the charset lacks („ “) as character references, as PHP's htmlspecialchars
            # users did.
            return self.with_prolog(text.encode(self.charset, errors="xmlcharrefreplace"))
        head, sep, tail = text.partition(LATIN1_MARK)
        while sep:
            head = head + "\udcdf"  # the single byte 0xDF (ß in Latin-1), through surrogateescape
            tail_head, sep, tail = tail.partition(LATIN1_MARK)
            head += tail_head
        return self.with_prolog((head + tail).encode("utf-8", errors="surrogateescape"))

    def with_prolog(self, body):
        return body.replace(b"?>\n", b"?>\n" + self.prolog, 1) if self.prolog else body

    def orders_export(self, query):
        order_from = int(query.get("order_from") or 0)
        order_to = int(query.get("order_to") or 0)
        status = int(query.get("order_status") or 0)
        selected = []
        for order_id in sorted(self.orders):
            fragment = self.orders[order_id]
            order_status = int(re.search(r"<ORDER_STATUS>(\d+)</ORDER_STATUS>", fragment).group(1))
            if not self.ignore_order_ids and (order_id < order_from or (order_to and order_id > order_to)):
                continue
            # The shop's module setting: without order_from and order_status, status 1 only.
            if (status and order_status != status) or (not status and not order_from and order_status != 1):
                continue
            selected.append(fragment)
        return self.document("ORDER", selected)

    def paged(self, root, records, query, prefix):
        start = int(query.get(f"{prefix}_from") or 0)
        count = int(query.get(f"{prefix}_count") or 1000)
        return self.document(root, records[start : start + count])

    def order_update(self, form):
        self.updates.append(form)
        order_id = form.get("order_id", "")
        status = form.get("status", "")
        if not order_id or not status:
            return fixture("order_update_paramerror.xml")
        fragment = self.orders.get(int(order_id)) if order_id.isdigit() else None
        if fragment is None:
            return fixture("order_update_notfound.xml").replace("<ORDER_ID>999<", f"<ORDER_ID>{order_id}<")
        current = re.search(r"<ORDER_STATUS>(\d+)</ORDER_STATUS>", fragment).group(1)
        comment = form.get("comments", "")
        if current == status and not comment:
            return fixture("order_update_nochange.xml").replace("<ORDER_ID>1<", f"<ORDER_ID>{order_id}<")
        fragment = fragment.replace(f"<ORDER_STATUS>{current}</ORDER_STATUS>", f"<ORDER_STATUS>{status}</ORDER_STATUS>")
        if self.update_mode == "php8_stock" and form.get("notify") == "on":
            # The status is written, then the script dies: no history row, empty answer.
            self.orders[int(order_id)] = fragment
            return ""
        if form.get("notify") == "on" and form.get("notify_comments") != "on":
            comment = ""
        if comment:
            fragment = re.sub(
                r"<ORDER_COMMENTS>(.*?)</ORDER_COMMENTS>",
                lambda m: (
                    "<ORDER_COMMENTS>"
                    + (m.group(1) + "\r\n" if m.group(1) else "")
                    + _xml(comment)
                    + "</ORDER_COMMENTS>"
                ),
                fragment,
                flags=re.S,
            )
        self.orders[int(order_id)] = fragment
        return (
            fixture("order_update_ok.xml")
            .replace("<ORDER_ID>1<", f"<ORDER_ID>{order_id}<")
            .replace("<ORDER_STATUS>2<", f"<ORDER_STATUS>{status}<")
        )


def _xml(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Handler(BaseHTTPRequestHandler):
    owner = None

    def log_message(self, *args):
        pass

    def send(self, body, content_type="text/xml;charset=UTF-8"):
        self.send_response(200)
        self.send_header("Content-type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def answer(self, query):
        owner = self.owner
        with owner.lock:
            owner.requests.append({"method": self.command, **query})
        if owner.mode in ("web_page", "web_page_as_xml"):
            # A web page in front of the interface, whatever the login: a hoster's maintenance
            # page, or the site's own page at a wrong address (some servers call any page text/xml).
            self.send(WEB_PAGE, "text/html; charset=UTF-8" if owner.mode == "web_page" else "text/xml")
            return
        if query.get("user") != USER or query.get("password") != PASSWORD_MD5 or not owner.cao_enabled:
            self.send(b"", "text/html; charset=UTF-8")
            return
        if owner.mode == "500":
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if owner.mode in ("drip", "chunked"):
            self.trickle()
            return
        fault = self.fault()
        if fault is not None:
            self.send(fault)
            return
        action = query.get("action")
        with owner.lock:
            if self.command == "POST" and action == "order_update":
                text = owner.order_update(query)
            elif action == "version":
                text = fixture("version.xml")
            elif action == "orders_export":
                text = owner.orders_export(query)
            elif action == "customers_export":
                text = owner.paged("CUSTOMERS", owner.customers, query, "customers")
            elif action == "products_export":
                text = owner.paged("PRODUCTS", owner.products, query, "products")
            elif action == "config_export":
                text = fixture("config_export.xml")
            else:
                text = "<html><body>CAO-Faktura - modified eCommerce Shopsoftware Anbindung</body></html>"
        self.send(owner.encode(text) if text else b"")

    def trickle(self):
        """An answer without an end in sight: one byte a second (with a Content-Length), or a
        huge one in chunks with none."""
        body = HUGE_ANSWER if self.owner.mode == "chunked" else DECLARATION.encode().ljust(DRIP_BYTES)
        self.protocol_version = "HTTP/1.1"
        self.send_response(200)
        self.send_header("Content-type", "text/xml;charset=UTF-8")
        self.send_header("Connection", "close")
        if self.owner.mode == "chunked":
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(body), 8192):
                part = body[start : start + 8192]
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\n\r\n")
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for byte in body:
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(1)

    def fault(self):
        mode = self.owner.mode
        if mode == "slow":
            time.sleep(SLOW_SECONDS)
            return None
        if mode == "huge":
            return HUGE_ANSWER
        if mode == "utf7":
            return UTF7_DOCTYPE.format(path=self.owner.secret_file).encode("ascii")
        return {
            "bomb": ENTITY_BOMB,
            "dtd": EXTERNAL_DTD,
            "dtd_after_comment": DTD_AFTER_LONG_COMMENT,
            "html": b"<br />\n<b>Fatal error</b>: Uncaught Error: Call to undefined function in <b>cao_xtc.php</b>",
        }.get(mode)

    def do_GET(self):
        query = {key: values[-1] for key, values in parse_qs(urlsplit(self.path).query).items()}
        self.answer(query)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = {key: values[-1] for key, values in parse_qs(self.rfile.read(length).decode()).items()}
        self.answer(form)
