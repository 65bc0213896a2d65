from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestInstall(TransactionCase):
    def test_orders_can_ship_and_carry_a_carrier(self):
        """Orders get delivery notes (sale_stock) and shipping methods (delivery)."""
        order_fields = self.env["sale.order"]._fields
        self.assertIn("picking_ids", order_fields)
        self.assertIn("carrier_id", order_fields)
