"""The Odoo order's total is the shop's total to the cent (orders recorded from a real modified
2.0.7.2, fixtures/README.md), for gross and net customers, several rates, discounts and shipping."""

from odoo.tests import tagged

from .common import ShopCase


@tagged("post_install", "-at_install")
class TestShopOrderRounding(ShopCase):
    def rounding_lines(self, order):
        return self.product_lines(order, "shop_connector.product_shop_rounding")

    def test_net_order_total_is_the_shops_cent_with_a_visible_rounding_line(self):
        self.backend._shop_import("manual")
        mueller = self.shop_orders()[1]
        # 19 % and 7 % on net prices and shipping: the shop sums the unrounded taxes 23.8393 and
        # 2.3352 to 185.0045 (shown 185,00), Odoo's taxes are 23.84 and 2.34.
        self.assertEqual(mueller.shop_amount_total, 185.0045)
        self.assertEqual(mueller.amount_total, 185.00)
        rounding = self.rounding_lines(mueller)
        self.assertEqual((rounding.price_unit, rounding.tax_id.ids), (-0.01, []))
        self.assertEqual(rounding.name, "Rounding to the shop's total of 185.00\xa0€")
        self.assertEqual(mueller.order_line.sorted("sequence")[-1], rounding, "shown last")
        self.assertEqual(mueller.state, "sale")
        invoice = mueller._create_invoices()
        self.assertEqual(invoice.amount_total, 185.00, "the invoice leaves no cent open")

    def test_gross_orders_match_the_shop_without_rounding_line(self):
        self.backend._shop_import("manual")
        for order in self.shop_orders().filtered(lambda o: o.shop_order_id != 2):
            self.assertEqual(order.amount_total, round(order.shop_amount_total, 2), order.name)
            self.assertFalse(self.rounding_lines(order), order.name)

    def test_discounted_orders_match_the_shops_cent(self):
        self.serve_recorded_orders("orders_export_discount.xml", 6)  # gross prices, then net
        self.backend._shop_import("manual")
        gross, net = self.shop_orders()
        self.assertEqual(gross.amount_total, 121.57)
        self.assertEqual(net.amount_total, 176.05)
        for order in (gross, net):
            self.assertFalse(order.shop_exception)

    def test_difference_beyond_the_tolerance_is_not_rounded_away(self):
        self.backend.amount_tolerance = 0.0
        self.backend._shop_import("manual")
        mueller = self.shop_orders()[1]
        self.assertFalse(self.rounding_lines(mueller))
        self.assertIn("185.0045", mueller.shop_exception)
        self.assertEqual(mueller.state, "draft")

    def test_rebuilt_quotation_gets_one_rounding_line(self):
        self.backend._shop_status(1).step = "quotation"
        self.backend._shop_import("manual")
        self.shop.orders[2] = self.shop.orders[2].replace(
            "<ORDER_COMMENTS></ORDER_COMMENTS>", "<ORDER_COMMENTS>Eilig</ORDER_COMMENTS>"
        )
        run = self.backend._shop_import("manual")
        self.assertEqual(run.order_updated, 1)
        mueller = self.shop_orders()[1]
        self.assertEqual(len(self.rounding_lines(mueller)), 1)
        self.assertEqual(mueller.amount_total, 185.00)
