"""Order discounts (the shop's ot_discount order total module), from two orders recorded from a
real modified 2.0.7.2 with customer group discounts (fixtures/README.md): the discount becomes
lines shared over the order's tax rates, and the rebuilt order matches the shop's totals."""

from odoo.tests import tagged

from .common import ShopCase


@tagged("post_install", "-at_install")
class TestShopOrderDiscount(ShopCase):
    def setUp(self):
        super().setUp()
        self.serve_recorded_orders("orders_export_discount.xml", 6)  # gross prices, then net

    def discount_lines(self, order):
        return self.product_lines(order, "shop_connector.product_shop_adjustment")

    def test_group_discount_is_split_over_the_rates_and_matches_the_shop(self):
        run = self.backend._shop_import("manual")
        self.assertEqual(run.state, "done", run.failure_ids.mapped("reason"))
        gross, net = self.shop_orders()

        # Jürgen Weiß, gross prices: "10.00 % Rabatt" -12.847 on 124.00 (19 %) + 4.47 (7 %).
        lines = self.discount_lines(gross)
        self.assertEqual(lines.mapped("name"), ["10.00 % Rabatt", "10.00 % Rabatt"])
        # Shared in proportion (4.47 / 128.47 of it at 7 %), the rounding left on the last rate.
        self.assertEqual(lines.mapped("price_unit"), [-0.45, -12.40])
        self.assertEqual(lines[0].tax_id, self.taxes[(7.0, True)])
        self.assertEqual(lines[1].tax_id, self.taxes[(19.0, True)])
        self.assertEqual(gross.shop_amount_total, 121.573)
        self.assertEqual(gross.amount_total, 121.57)
        self.assertAlmostEqual(gross.amount_tax, 18.7685 + 0.2632, delta=0.01)
        self.assertFalse(gross.shop_exception)
        self.assertEqual(gross.state, "sale")

        # Müller & Söhne, net prices: "5.00 % Rabatt" -7.6915 on 120.47 (19 %) + 33.36 (7 %).
        lines = self.discount_lines(net)
        self.assertEqual(lines.mapped("price_unit"), [-1.67, -6.02])
        self.assertEqual(lines[0].tax_id, self.taxes[(7.0, False)])
        self.assertEqual(lines[1].tax_id, self.taxes[(19.0, False)])
        self.assertEqual(net.shop_amount_total, 176.0517)
        self.assertAlmostEqual(net.amount_total, 176.0517, delta=0.01)
        self.assertAlmostEqual(net.amount_tax, 22.6948 + 2.2184, delta=0.01)
        self.assertFalse(net.shop_exception)

        # The discount comes before the shipping line, as in the shop's order total (the rounding
        # to the shop's cent after them).
        rounding = self.product_lines(net, "shop_connector.product_shop_rounding")
        self.assertTrue((net.order_line.sorted("sequence") - rounding)[-1].is_delivery)
