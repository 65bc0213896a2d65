"""Customers' addresses and phone numbers as the shop sent them (orders recorded from a real
modified 2.0.7.2, fixtures/README.md): the company of an address is kept, phone numbers are
stored in international format."""

from odoo.tests import tagged

from .common import ShopCase

DELIVERY_COMPANY = """<DELIVERY_ADDRESS>
<COMPANY>Büro Schneider &amp; Partner GmbH</COMPANY>
<NAME>Jürgen Weiß</NAME>
<FIRSTNAME>Jürgen</FIRSTNAME>
<LASTNAME>Weiß</LASTNAME>
<STREET>Friedrichstraße 123</STREET>
<POSTCODE>10117</POSTCODE>
<CITY>Berlin</CITY>
<SUBURB></SUBURB>
<STATE></STATE>
<COUNTRY>DE</COUNTRY>
<OTHER_TAX>1</OTHER_TAX>
</DELIVERY_ADDRESS>"""


def with_delivery(fragment, delivery):
    """Derived: the order shipped to another address, as the shop exports an address chosen at
    checkout (the same elements, other values; an empty billing company filled with the delivery
    company, as export/cao_xtc_functions.php of 2.0.7.2 does and the real shop's test shows)."""
    start, end = fragment.index("<DELIVERY_ADDRESS>"), fragment.index("</DELIVERY_ADDRESS>")
    fragment = fragment[:start] + delivery + fragment[end + len("</DELIVERY_ADDRESS>") :]
    company = delivery.split("<COMPANY>", 1)[1].split("</COMPANY>", 1)[0]
    return fragment.replace("<COMPANY></COMPANY>", f"<COMPANY>{company}</COMPANY>", 1)


@tagged("post_install", "-at_install")
class TestShopCustomerDetails(ShopCase):
    def test_delivery_address_keeps_its_company_with_the_person(self):
        self.shop.orders[1] = with_delivery(self.shop.orders[1], DELIVERY_COMPANY)
        # The same address without the company is another address, not the same one.
        self.shop.orders[6] = with_delivery(
            self.shop.orders[1].replace("<ORDER_ID>1</ORDER_ID>", "<ORDER_ID>6</ORDER_ID>"),
            DELIVERY_COMPANY.replace("Büro Schneider &amp; Partner GmbH", ""),
        )
        self.shop.orders[7] = self.shop.orders[1].replace("<ORDER_ID>1</ORDER_ID>", "<ORDER_ID>7</ORDER_ID>")
        self.backend._shop_import("manual")
        orders = self.shop_orders()
        first, other, again = orders.filtered(lambda o: o.shop_order_id in (1, 6, 7))
        delivery = first.partner_shipping_id
        self.assertEqual(delivery.parent_id, first.partner_id)
        self.assertEqual(delivery.type, "delivery")
        self.assertEqual(delivery.name, "Büro Schneider & Partner GmbH, Jürgen Weiß")
        self.assertEqual(delivery.street, "Friedrichstraße 123")
        self.assertEqual(first.partner_invoice_id, first.partner_id, "billed to the customer's own address")
        self.assertIn("Büro Schneider & Partner GmbH", first.picking_ids.partner_id.display_name, "the slip has it")
        self.assertEqual(again.partner_shipping_id, delivery, "the same address with its company is one partner")
        self.assertNotEqual(other.partner_shipping_id, delivery)
        self.assertEqual(other.partner_shipping_id.name, "Jürgen Weiß")

    def test_address_of_the_customers_own_company_names_the_person(self):
        warehouse = (
            DELIVERY_COMPANY.replace("Büro Schneider &amp; Partner GmbH", "Müller &amp; Söhne Bürobedarf GmbH")
            .replace("Jürgen Weiß", "Anna Müller")
            .replace("Jürgen", "Anna")
            .replace("Weiß", "Müller")
            .replace("Friedrichstraße 123", "Lagerweg 2")
        )
        self.shop.orders[2] = with_delivery(self.shop.orders[2], warehouse)
        self.backend._shop_import("manual")
        delivery = self.shop_orders()[1].partner_shipping_id
        self.assertEqual(delivery.street, "Lagerweg 2")
        self.assertEqual(delivery.name, "Anna Müller")
        self.assertEqual(delivery.display_name, "Müller & Söhne Bürobedarf GmbH, Anna Müller")

    def test_phone_numbers_are_stored_in_international_format_for_the_customers_country(self):
        self.shop.orders[3] = self.shop.orders[3].replace(
            "<TELEPHONE>0341 556677</TELEPHONE>", "<TELEPHONE>bitte mailen</TELEPHONE>"
        )
        self.backend._shop_import("manual")
        orders = self.shop_orders()
        self.assertEqual(orders[0].partner_id.phone, "+49 30 1234567")
        self.assertEqual(orders[1].partner_id.phone, "+49 89 7654321")
        self.assertEqual(
            orders[1].partner_id.child_ids.filtered(lambda c: c.name == "Anna Müller").phone, "+49 89 7654321"
        )
        self.assertEqual(orders[3].partner_id.country_id.code, "AT")
        self.assertEqual(orders[3].partner_id.phone, "+43 1 5551234")
        self.assertEqual(orders[2].partner_id.phone, "bitte mailen", "kept as the shop has it")
