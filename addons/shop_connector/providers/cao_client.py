"""Client of the CAO-Faktura XML interface of modified eCommerce shops (export/cao_xtc.php).

Spoken by modified 2.0.x (script version 1.56) and, as a superset, by 3.x. What the shop does,
read in its source (tag v2.0.7.2) and seen on a running 2.0.7.2 / PHP 8.2 shop:

- Every call carries `user` (the CAO module's e-mail) and `password` (md5 hex of the module
  password, as the shop stores it). A refused login answers HTTP 200 with an EMPTY body (the
  shop only prints an error code when CAO_DEBUG_LOGIN is defined in its source).
- Exports are GET `action=...`; `orders_export` filters by `order_from` / `order_to` (ids) and
  `order_status`; customers and products are paged by row offset (`customers_from` /
  `customers_count`, `products_from` / `products_count`).
- `order_update` is a POST; the answer's CODE is 0 OK, 1 no status change, 2 order not found,
  99 parameter error. A stock 2.0.7.2 on PHP 8 dies after changing the status when `notify` is
  on: HTTP 200, empty body, no history row, no mail.
- The charset is only in the XML declaration (UTF-8 in 2.0.7, ISO-8859-15 in older shops).

Answers are read as a stream with a byte budget and a total deadline, and parsed without DTDs,
entities or network access.
"""

import codecs
import dataclasses
import hashlib
import re

import requests
from lxml import etree

from odoo.addons.base_request_deadline.tools.request_deadline import Watchdog, watched_session

from .cao_records import field_text, parse_customer, parse_order, parse_product, to_float
from .xml_guard import PrologGuard, Refused, ascii_compatible, document_parser, record_parser

_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding=[\"']([A-Za-z0-9._-]+)[\"'][^>]*\?>")
_ANY_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_MD5 = re.compile(r"^[0-9a-f]{32}$")
_CHUNK = 64 * 1024
# Uncompressed, and a connection per request (each is watched by its own request's deadline).
_HEADERS = {"Accept": "text/xml, application/xml", "Accept-Encoding": "identity", "Connection": "close"}
_REPLACEMENT = "\ufffd"

# The record elements of each export, the unit a caller imports or refuses on its own.
RECORD_TAGS = {
    "orders_export": "ORDER_INFO",
    "customers_export": "CUSTOMERS_DATA",
    "products_export": "PRODUCT_INFO",
}


class ShopError(Exception):
    """The shop could not be asked or did not answer usefully.

    `kind` says what went wrong, for a translated message in the caller:
    unreachable, timeout, http, login_refused, web_page, not_xml, hostile, too_large, protocol.
    """

    def __init__(self, kind, detail=""):
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail


@dataclasses.dataclass
class CaoSettings:
    url: str
    user: str
    password: str
    timeout: float = 60.0  # total seconds per request, download included
    connect_timeout: float = 10.0
    max_bytes: int = 64 * 1024 * 1024
    page_size: int = 500


@dataclasses.dataclass
class UpdateResult:
    """The shop's answer to order_update. `code` is None for the empty answer of a
    stock 2.0.7.2 on PHP 8 (status changed, no history row, no mail)."""

    code: int | None
    message: str = ""

    @property
    def unrecorded(self):
        return self.code is None


class CaoClient:
    def __init__(self, settings, session=None):
        self.settings = settings
        self.session = session or watched_session()
        # The shop's own login never goes through a proxy on loopback; elsewhere the
        # environment's proxy settings apply as for any requests call.
        self.endpoint = endpoint_url(settings.url)

    # -- public calls -------------------------------------------------------

    def version(self):
        """{'script_ver': '1.56', 'script_date': '2009.08.26'}: the cheapest call that proves the login."""
        root = self._get_document({"action": "version"})
        data = root.find("STATUS_DATA")
        if data is None or not field_text(data, "SCRIPT_VER"):
            raise ShopError("protocol", "no SCRIPT_VER in the answer to action=version")
        return {"script_ver": field_text(data, "SCRIPT_VER"), "script_date": field_text(data, "SCRIPT_DATE")}

    def iter_orders(self, order_from=1, order_to=None, order_status=None):
        """Orders with id >= order_from (and <= order_to), as dicts, in the shop's order."""
        params = {"action": "orders_export", "order_from": int(order_from)}
        if order_to:
            params["order_to"] = int(order_to)
        if order_status:
            params["order_status"] = int(order_status)
        for element, broken in self._iter_records(params):
            order = parse_order(element, broken)
            # Only the ids asked for (a broken or hostile shop may send others): so the import's
            # windows of ids always move on. A record whose id is no number is kept, to be refused.
            if order["id"] and (order["id"] < int(order_from) or (order_to and order["id"] > int(order_to))):
                continue
            yield order

    def iter_customers(self):
        yield from self._iter_paged("customers_export", "customers", parse_customer)

    def iter_products(self):
        yield from self._iter_paged("products_export", "products", parse_product)

    def config(self):
        """The shop's installed shipping modules, their cost and tax class, and its tax rates.

        The answer holds the whole configuration table (passwords of other modules too): only
        the entries named here are kept.
        """
        root = self._get_document({"action": "config_export"})
        params = {}
        for entry in root.iterfind("CONFIG_DATA/ENTRY"):
            key = field_text(entry, "PARAM")
            if key == "MODULE_SHIPPING_INSTALLED" or (
                key.startswith("MODULE_SHIPPING_") and key.endswith(("_COST", "_TAX_CLASS", "_STATUS"))
            ):
                params[key] = field_text(entry, "VALUE")
        modules = [m.removesuffix(".php") for m in params.get("MODULE_SHIPPING_INSTALLED", "").split(";") if m]
        rates = [
            {
                "id": rate.get("ID"),
                "zone_id": field_text(rate, "ZONE_ID"),
                "class_id": field_text(rate, "CLASS_ID"),
                "rate": to_float(field_text(rate, "RATE")),
                "description": field_text(rate, "DESCRIPTION"),
            }
            for rate in root.iterfind("TAX_RATES/RATES")
        ]
        shipping = [
            {
                "code": code,
                "cost": to_float(params.get(f"MODULE_SHIPPING_{code.upper()}_COST", "")),
                "tax_class": params.get(f"MODULE_SHIPPING_{code.upper()}_TAX_CLASS", ""),
            }
            for code in modules
        ]
        return {"shipping_modules": shipping, "tax_rates": rates}

    def order_update(self, order_id, status, comment="", notify=False):
        """Set an order's status in the shop; it writes its status history and, with notify, mails
        the customer. Returns UpdateResult; never retried here (the shop is not idempotent about
        its history rows and mails)."""
        data = {
            "user": self.settings.user,
            "password": self._password_md5(),
            "action": "order_update",
            # The shop puts these into SQL quoted as strings: send plain integers only.
            "order_id": str(int(order_id)),
            "status": str(int(status)),
            "comments": comment or "",
        }
        if notify:
            data["notify"] = "on"
            if comment:
                # Without it the shop drops the comment from the mail and the history row.
                data["notify_comments"] = "on"
        body = self._fetch("POST", data=data)
        if not body.strip():
            return UpdateResult(None)
        root = self._parse_document(body)
        status_data = root.find("STATUS_DATA") if root.tag == "STATUS" else None
        if status_data is None or not field_text(status_data, "CODE").lstrip("-").isdigit():
            raise ShopError("protocol", "no CODE in the answer to order_update")
        return UpdateResult(int(field_text(status_data, "CODE")), field_text(status_data, "MESSAGE"))

    # -- transport ----------------------------------------------------------

    def _password_md5(self):
        password = self.settings.password or ""
        # The shop compares with its stored md5; an already hashed value is passed on as it is.
        if _MD5.match(password):
            return password
        return hashlib.md5(password.encode()).hexdigest()

    def _auth_params(self):
        return {"user": self.settings.user, "password": self._password_md5()}

    def _iter_paged(self, action, prefix, parse):
        offset = 0
        size = max(1, int(self.settings.page_size))
        while True:
            params = {"action": action, f"{prefix}_from": offset, f"{prefix}_count": size}
            # The page is read whole before the caller imports it: the request deadline covers the
            # download, not the caller's work.
            page = [parse(element, broken) for element, broken in self._iter_records(params)]
            yield from page
            if len(page) < size:
                return
            offset += size

    def _iter_records(self, params):
        """Yield (record element, broken encoding flag) while the answer streams in."""
        tag = RECORD_TAGS[params["action"]]
        parser = record_parser(tag)
        started = False
        try:
            for text in self._stream_text("GET", params=params):
                started = started or bool(text.strip())
                parser.feed(text)
                for _event, element in parser.read_events():
                    yield element, _REPLACEMENT in "".join(element.itertext())
                    element.clear()
                    while element.getprevious() is not None:
                        del element.getparent()[0]
            if not started:
                raise ShopError("login_refused")
            parser.close()
        except etree.XMLSyntaxError as exc:
            raise ShopError("not_xml", str(exc)) from exc

    def _get_document(self, params):
        body = self._fetch("GET", params=params)
        if not body.strip():
            raise ShopError("login_refused")
        return self._parse_document(body)

    def _parse_document(self, body):
        text = _decode(body)
        try:
            return etree.fromstring(_ANY_DECLARATION.sub("", text, count=1).strip(), parser=document_parser())
        except etree.XMLSyntaxError as exc:
            raise ShopError("not_xml", str(exc)) from exc

    def _fetch(self, method, **kwargs):
        return b"".join(self._stream_bytes(method, **kwargs))

    def _stream_text(self, method, **kwargs):
        """The answer as text chunks, decoded by the charset of its XML declaration."""
        decoder = None
        head = b""
        for chunk in self._stream_bytes(method, **kwargs):
            if decoder is None:
                head += chunk
                if len(head) < 256 and b"?>" not in head:
                    continue
                decoder = codecs.getincrementaldecoder(_declared_encoding(head))(errors="replace")
                chunk, head = head, b""
                text = _ANY_DECLARATION.sub("", decoder.decode(chunk), count=1)
            else:
                text = decoder.decode(chunk)
            if text:
                yield text
        if decoder is None and head:
            decoder = codecs.getincrementaldecoder(_declared_encoding(head))(errors="replace")
            yield _ANY_DECLARATION.sub("", decoder.decode(head), count=1)
        if decoder is not None:
            tail = decoder.decode(b"", final=True)
            if tail:
                yield tail

    def _stream_bytes(self, method, params=None, data=None):
        settings = self.settings
        if method == "GET":
            params = {**self._auth_params(), **(params or {})}
        # The deadline bounds the whole answer, headers and body, however slowly it comes.
        watchdog = Watchdog(settings.timeout)
        try:
            try:
                with watchdog.connecting():
                    response = self.session.request(
                        method,
                        self.endpoint,
                        params=params,
                        data=data,
                        stream=True,
                        allow_redirects=False,
                        timeout=max(1.0, min(settings.connect_timeout, settings.timeout)),
                        headers=_HEADERS,
                    )
            except requests.exceptions.RequestException as exc:
                if watchdog.expired or isinstance(exc, requests.exceptions.Timeout):
                    raise ShopError("timeout", f"{settings.timeout:g} s") from exc
                raise ShopError("unreachable", _strip_credentials(str(exc))) from exc
            with response:
                try:
                    yield from self._read_body(response, watchdog)
                except requests.exceptions.RequestException as exc:
                    if watchdog.expired or isinstance(
                        exc, requests.exceptions.Timeout | requests.exceptions.ConnectionError
                    ):
                        raise ShopError("timeout", f"{settings.timeout:g} s") from exc
                    raise ShopError("unreachable", _strip_credentials(str(exc))) from exc
        finally:
            watchdog.cancel()

    def _read_body(self, response, watchdog):
        settings = self.settings
        if response.status_code != 200:
            raise ShopError("http", f"HTTP {response.status_code}")
        if response.headers.get("Content-Encoding", "identity").lower() != "identity":
            # Asked for identity: a compressed answer could hide any size behind a small one.
            raise ShopError("protocol", f"Content-Encoding {response.headers['Content-Encoding']}")
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > settings.max_bytes:
            raise ShopError("too_large", f"{declared} bytes > {settings.max_bytes}")
        received = 0
        prolog = PrologGuard()
        html = "html" in response.headers.get("Content-Type", "").lower()  # empty: a refused login
        for chunk in response.iter_content(_CHUNK):
            if html and chunk.strip():  # maintenance mode, a wrong URL, a login page
                raise ShopError("web_page", response.headers.get("Content-Type", ""))
            received += len(chunk)
            # Also without Content-Length (chunked answers): counted as it comes.
            if received > settings.max_bytes:
                raise ShopError("too_large", f"> {settings.max_bytes} bytes")
            try:
                prolog.feed(chunk)
            except Refused as exc:
                raise ShopError(exc.kind, exc.detail) from exc
            yield chunk
        if watchdog.expired:
            # The shut socket ended the answer early: what came is not the whole answer.
            raise ShopError("timeout", f"{settings.timeout:g} s")


def endpoint_url(url):
    """The cao_xtc.php address of a shop: its base URL, or the script's own address."""
    url = (url or "").strip()
    if url.endswith(".php"):
        return url
    return url.rstrip("/") + "/export/cao_xtc.php"


def _strip_credentials(message):
    # requests puts the whole URL, query string included, into its messages.
    return re.sub(r"\?[^ '\"]*", "?…", message)


def _declared_encoding(head):
    match = _DECLARATION.match(head)
    name = match.group(1).decode("ascii").lower() if match else "utf-8"
    try:
        codec = codecs.lookup(name).name
    except LookupError as exc:
        raise ShopError("not_xml", f"unknown charset {name}") from exc
    if not ascii_compatible(codec):
        raise ShopError("hostile", f"charset {name}")
    return codec


def _decode(body):
    return body.decode(_declared_encoding(body[:256]), errors="replace")
