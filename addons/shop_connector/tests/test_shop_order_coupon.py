"""Coupons and gift vouchers (the shop's ot_coupon and ot_gv order total modules), from two orders
derived from the recorded order 1 by the code of a real 2.0.7.2 (fixtures/README.md): the coupon
becomes lines shared over the order's rates, the voucher a line without tax, and both orders
match the shop's totals and taxes."""

from odoo.tests import tagged

from .common import ShopCase


@tagged("post_install", "-at_install")
class TestShopOrderCoupon(ShopCase):
    def setUp(self):
        super().setUp()
        self.serve_recorded_orders("orders_export_coupon.xml", 8)  # the coupon, then the voucher

    def test_coupon_is_shared_over_the_rates_and_the_voucher_pays_without_tax(self):
        run = self.backend._shop_import("manual")
        self.assertEqual(run.state, "done", run.failure_ids.mapped("reason"))
        coupon, voucher = self.shop_orders()

        # "Rabatt Coupon SOMMER10" -10.00 on 124.00 (19 %) + 4.47 (7 %), TOTAL_TAX 0 (the
        # module's tax class "none"): the shop took the coupon's share off each rate's tax.
        lines = self.product_lines(coupon, "shop_connector.product_shop_adjustment")
        self.assertEqual(lines.mapped("name"), ["Rabatt Coupon SOMMER10", "Rabatt Coupon SOMMER10"])
        self.assertEqual(lines.mapped("price_unit"), [-0.35, -9.65])
        self.assertEqual(lines[0].tax_id, self.taxes[(7.0, True)])
        self.assertEqual(lines[1].tax_id, self.taxes[(19.0, True)])
        self.assertEqual(coupon.amount_total, 124.42)
        self.assertAlmostEqual(coupon.amount_tax, 19.2072 + 0.2697, delta=0.01)
        self.assertFalse(coupon.shop_exception)
        self.assertEqual(coupon.state, "sale")

        # "Gutschein" -20.00: the order keeps its full taxes, the voucher pays 20.00 of it.
        line = self.product_lines(voucher, "shop_connector.product_shop_voucher")
        self.assertEqual((line.name, line.price_unit, line.price_total), ("Gutschein", -20.0, -20.0))
        self.assertFalse(line.tax_id)
        self.assertEqual(voucher.amount_total, 114.42)
        self.assertAlmostEqual(voucher.amount_tax, 20.7483 + 0.2924, delta=0.01)
        self.assertFalse(voucher.shop_exception)
        self.assertEqual(voucher.state, "sale")
