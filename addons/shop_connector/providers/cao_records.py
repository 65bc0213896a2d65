"""The records of the CAO interface's exports (orders, customers, products) as plain dicts.

Whole numbers that are none (1e999, abc, beyond Odoo's integer columns) mark the record invalid
instead of raising, so that the import refuses that record alone."""

import hashlib
import re

from lxml import etree

_WHOLE = re.compile(r"^[0-9]{1,10}$")
_MAX_ID = 2**31 - 1


def field_text(element, path):
    found = element.find(path)
    return (found.text or "").strip() if found is not None else ""


def to_float(value):
    try:
        return float(value.replace(",", ".")) if value else 0.0
    except ValueError:
        return 0.0


class _Numbers:
    """Reads the whole numbers (ids, statuses) of one record. A value that is none (1e999, abc,
    one beyond Odoo's integer columns) reads as 0 and is noted: the record then carries
    `invalid` (what was wrong) and, when its own id was, `ref` (the id as the shop sent it), and
    the import refuses it alone with that reason."""

    def __init__(self):
        self.bad = []

    def __call__(self, element, path):
        text = field_text(element, path) if element is not None else ""
        if not text:
            return 0
        if _WHOLE.match(text) and int(text) <= _MAX_ID:
            return int(text)
        self.bad.append(f"{path.rsplit('/', 1)[-1]} {text[:40]!r}")
        return 0

    def stamp(self, record, element, id_path):
        if self.bad:
            record["invalid"] = ", ".join(self.bad)
            if not record["id"]:
                record["ref"] = field_text(element, id_path)[:40] if element is not None else ""
        return record


def _digest(element):
    return hashlib.sha1(etree.tostring(element, method="c14n")).hexdigest()


_ADDRESS_FIELDS = (
    "company",
    "name",
    "firstname",
    "lastname",
    "street",
    "postcode",
    "city",
    "suburb",
    "state",
    "country",
)


def _address(element):
    if element is None:
        return {}
    address = {key: field_text(element, key.upper()) for key in _ADDRESS_FIELDS}
    for key in ("vat_id", "telephone", "email", "birthday", "gender"):
        if element.find(key.upper()) is not None:
            address[key] = field_text(element, key.upper())
    return address


def parse_order(element, broken=False):
    header = element.find("ORDER_HEADER")
    number = _Numbers()
    lines = []
    for product in element.iterfind("ORDER_PRODUCTS/PRODUCT"):
        options = []
        for option in product.iterfind("OPTION"):
            prefix_price = field_text(option, "PRODUCTS_OPTIONS_PRICE")
            prefix, _sep, amount = prefix_price.partition(" ")
            if prefix not in ("+", "-"):
                prefix, amount = "+", prefix_price
            options.append(
                {
                    "name": field_text(option, "PRODUCTS_OPTIONS"),
                    "value": field_text(option, "PRODUCTS_OPTIONS_VALUES"),
                    "model": field_text(option, "PRODUCTS_OPTIONS_MODEL"),
                    "prefix": prefix,
                    "price": to_float(amount),
                }
            )
        lines.append(
            {
                "product_id": number(product, "PRODUCTS_ID"),
                "quantity": to_float(field_text(product, "PRODUCTS_QUANTITY")),
                "model": field_text(product, "PRODUCTS_MODEL"),
                "name": field_text(product, "PRODUCTS_NAME"),
                "price": to_float(field_text(product, "PRODUCTS_PRICE")),
                "tax": to_float(field_text(product, "PRODUCTS_TAX")),
                # allow_tax: 1 when the customer saw gross prices (the shop converted them back to net)
                "tax_flag": field_text(product, "PRODUCTS_TAX_FLAG") == "1",
                "options": options,
            }
        )
    totals = [
        {
            "title": field_text(total, "TOTAL_TITLE"),
            "value": to_float(field_text(total, "TOTAL_VALUE")),
            "class": field_text(total, "TOTAL_CLASS"),
            "prefix": field_text(total, "TOTAL_PREFIX"),
            "tax": field_text(total, "TOTAL_TAX"),
        }
        for total in element.iterfind("ORDER_TOTAL/TOTAL")
    ]
    record = {
        "id": number(header, "ORDER_ID"),
        "customer_id": number(header, "CUSTOMER_ID"),
        "customer_cid": field_text(header, "CUSTOMER_CID") if header is not None else "",
        "customer_group": field_text(header, "CUSTOMER_GROUP") if header is not None else "",
        "date": field_text(header, "ORDER_DATE") if header is not None else "",
        "status": number(header, "ORDER_STATUS"),
        "currency": (field_text(header, "ORDER_CURRENCY") if header is not None else "") or "EUR",
        # Multi-shop set-ups (several domains, one database) name the domain of the order.
        "shop_id": field_text(header, "SHOP_ID") if header is not None else "",
        "billing": _address(element.find("BILLING_ADDRESS")),
        "delivery": _address(element.find("DELIVERY_ADDRESS")),
        "payment_method": field_text(element, "PAYMENT/PAYMENT_METHOD"),
        "payment_class": field_text(element, "PAYMENT/PAYMENT_CLASS"),
        "shipping_method": field_text(element, "SHIPPING/SHIPPING_METHOD"),
        "shipping_class": field_text(element, "SHIPPING/SHIPPING_CLASS"),
        "lines": lines,
        "totals": totals,
        "comments": (element.findtext("ORDER_COMMENTS") or "").replace("\r\n", "\n").strip(),
        "hash": _digest(element),
        "broken_encoding": broken,
    }
    return number.stamp(record, header, "ORDER_ID")


def parse_customer(element, broken=False):
    customer = _address(element)
    number = _Numbers()
    customer.update(
        {
            "id": number(element, "CUSTOMERS_ID"),
            "cid": field_text(element, "CUSTOMERS_CID"),
            "fax": field_text(element, "FAX"),
            "shop_id": field_text(element, "SHOP_ID"),
            "hash": _digest(element),
            "broken_encoding": broken,
        }
    )
    return number.stamp(customer, element, "CUSTOMERS_ID")


def parse_product(element, broken=False):
    data = element.find("PRODUCT_DATA")
    if data is None:
        data = element
    descriptions = {
        (description.get("CODE") or "").lower(): {
            "name": field_text(description, "NAME"),
            "description": field_text(description, "SHORT_DESCRIPTION") or field_text(description, "DESCRIPTION"),
        }
        for description in data.iterfind("PRODUCT_DESCRIPTION")
    }
    number = _Numbers()
    record = {
        "id": number(data, "PRODUCT_ID"),
        "model": field_text(data, "PRODUCT_MODEL"),
        "ean": field_text(data, "PRODUCT_EAN"),
        "price": to_float(field_text(data, "PRODUCT_PRICE")),
        "weight": to_float(field_text(data, "PRODUCT_WEIGHT")),
        "status": field_text(data, "PRODUCT_STATUS") == "1",
        "tax_rate": to_float(field_text(data, "PRODUCT_TAX_RATE")),
        "descriptions": descriptions,
        "hash": _digest(element),
        "broken_encoding": broken,
    }
    return number.stamp(record, data, "PRODUCT_ID")
