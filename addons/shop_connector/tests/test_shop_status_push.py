"""Order status back to the shop (order_update): the wizard, the shop's answers in the chatter,
and the automatic pushes on delivery and cancellation."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ShopCase


@tagged("post_install", "-at_install")
class TestShopStatusPush(ShopCase):
    def setUp(self):
        super().setUp()
        self.backend._shop_import("manual")
        self.order = self.shop_orders()[0]
        self.shipped = self.backend._shop_status(3)
        self.cancelled = self.backend._shop_status(4)

    def push(self, status, comment="", notify=True, order=None):
        wizard = self.env["shop.order.status.update"].create(
            {"order_id": (order or self.order).id, "status_id": status.id, "comment": comment, "notify": notify}
        )
        return wizard.action_apply()

    def test_wizard_sets_the_status_and_logs_the_answer(self):
        self.push(self.shipped, "Versandt mit DHL, Grüße")
        form = self.shop.updates[-1]
        self.assertEqual((form["order_id"], form["status"], form["notify"]), ("1", "3", "on"))
        self.assertEqual(form["comments"], "Versandt mit DHL, Grüße")
        self.assertEqual(self.order.shop_status_id, self.shipped)
        body = self.order.message_ids[0].body
        self.assertIn("customer notified by the shop", body)
        self.assertIn("Versandt mit DHL", body)

    def test_stock_2072_on_php8_is_reported_as_it_is_and_not_retried(self):
        self.shop.update_mode = "php8_stock"
        self.push(self.shipped, "Versandt")
        self.assertEqual(len(self.shop.updates), 1, "no blind retry")
        self.assertIn("could not record it or mail the customer", self.order.message_ids[0].body)
        self.assertEqual(self.order.shop_status_id, self.shipped, "the shop did change the status")

    def test_unknown_order_and_unreachable_shop_are_errors(self):
        self.order.shop_order_id = 404
        with self.assertRaisesRegex(UserError, "does not know order 404"):
            self.push(self.shipped)
        self.backend.url = "http://127.0.0.1:9/"
        with self.assertRaisesRegex(UserError, "cannot be reached"):
            self.push(self.shipped, order=self.shop_orders()[1])

    def test_no_change_is_said(self):
        self.push(self.backend._shop_status(1), "")
        self.assertIn("already had the status", self.order.message_ids[0].body)

    def test_validated_delivery_sets_shipped_with_the_tracking_number(self):
        self.shipped.push_on_delivery = True
        picking = self.order.picking_ids
        picking.carrier_tracking_ref = "00340434161234567890"
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        form = self.shop.updates[-1]
        self.assertEqual(form["status"], "3")
        self.assertIn("00340434161234567890", form["comments"])
        self.assertEqual(self.order.shop_status_id, self.shipped)

    def test_a_failed_push_to_the_shop_never_blocks_validating_the_delivery(self):
        self.shipped.push_on_delivery = True
        self.shop.mode = "500"
        picking = self.order.picking_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertIn("could not be set to", self.order.message_ids[0].body)
        self.assertNotEqual(self.order.shop_status_id, self.shipped, "the shop did not take it")

    def test_cancel_pushes_cancelled_but_a_cancel_from_the_shop_does_not(self):
        self.cancelled.push_on_cancel = True
        self.order.with_context(disable_cancel_warning=True).action_cancel()
        self.assertEqual(self.shop.updates[-1]["status"], "4")
        self.assertEqual(self.order.shop_status_id, self.cancelled)

        # The shop cancels order 2 itself: imported as cancelled, nothing pushed back.
        sent = len(self.shop.updates)
        fragment = self.shop.orders[2]
        self.shop.orders[2] = fragment.replace("<ORDER_STATUS>1</ORDER_STATUS>", "<ORDER_STATUS>4</ORDER_STATUS>")
        self.backend._shop_import("manual")
        second = self.shop_orders()[1]
        self.assertEqual(second.state, "cancel")
        self.assertEqual(len(self.shop.updates), sent)
