"""The orders of a run come in windows of shop order ids that the run's workers claim one after
the other (the leader, and a second scheduled action helping it). Here the claims, the windows a
dead worker leaves, and the highest order id read; the workers side by side are in
test_shop_import_concurrency.py."""

from unittest.mock import patch

from odoo.tests import tagged

from .common import ShopCase

ORDER_WINDOW = "odoo.addons.shop_connector.models.shop_backend_import_orders.ORDER_WINDOW"


@tagged("post_install", "-at_install")
class TestShopImportWindows(ShopCase):
    def setUp(self):
        super().setUp()
        self.Window = self.env["shop.import.window"]

    def _run(self, **values):
        return self.env["shop.import.run"].create({"backend_id": self.backend.id, **values})

    def test_claims_follow_each_other_and_stop_when_the_run_closes_its_orders(self):
        run = self._run(order_phase=True, order_start=10)
        first = self.Window._shop_claim(run, 5, shared=False)
        self.assertEqual((first.order_from, first.order_to), (10, 14))
        # After an empty window, the next order the shop has (ids have gaps).
        jump = self.Window._shop_claim(run, 5, shared=False, after=30)
        self.assertEqual((jump.order_from, jump.order_to), (30, 34))
        following = self.Window._shop_claim(run, 5, shared=False)
        self.assertEqual(following.order_from, 35)
        self.Window._shop_close(run)
        self.assertIsNone(self.Window._shop_claim(run, 5, shared=False))
        self.assertEqual(run.window_ids.mapped("order_from"), [10, 30, 35])

    def test_the_last_order_id_stops_below_a_window_not_done(self):
        run = self._run()
        windows = self.Window.create(
            [
                {"run_id": run.id, "order_from": 1, "order_to": 2, "done": True, "last_id": 2},
                {"run_id": run.id, "order_from": 3, "order_to": 4},
                {"run_id": run.id, "order_from": 5, "order_to": 6, "done": True, "last_id": 6},
            ]
        )
        self.assertEqual(self.Window._shop_read_up_to(run), 2)
        windows[1]._shop_done([{"id": 3}, {"id": 4}])
        self.assertEqual(self.Window._shop_read_up_to(run), 6)

    def test_a_window_a_dead_worker_left_is_imported_before_the_run_ends(self):
        Window = type(self.Window)
        take = Window._shop_take
        left = []

        def taken_by_a_worker_that_dies(window, window_id):
            if window.browse(window_id).order_from == 3 and not left:
                left.append(window_id)
                return window.browse()
            return take(window, window_id)

        with patch(ORDER_WINDOW, 1), patch.object(Window, "_shop_take", taken_by_a_worker_that_dies):
            run = self.backend._shop_import("manual")
        self.assertTrue(left, "the worker took window 3")
        self.assertEqual(run.state, "done", run.failure_ids.mapped("reason"))
        self.assertEqual(self.shop_orders().mapped("shop_order_id"), [1, 2, 3, 4, 5])
        self.assertEqual(run.order_created, 5)
        self.assertTrue(all(run.window_ids.mapped("done")))
        self.assertEqual(self.backend.last_order_id, 5)

    def test_a_run_its_leader_left_running_is_closed_by_the_next_import(self):
        stale = self._run(order_phase=True)
        run = self.backend._shop_import("manual")
        self.assertEqual(run.order_created, 5)
        self.assertEqual((stale.state, stale.order_phase), ("failed", False))
        self.assertEqual(self.backend._shop_help(), 0, "no run to help")

    def test_the_leader_wakes_the_second_worker_only_when_it_is_active(self):
        cron = self.env.ref("shop_connector.ir_cron_shop_import_second")
        self.assertFalse(cron.active, "off until the administrator has the cron threads for it")
        Trigger = self.env["ir.cron.trigger"]
        before = Trigger.search_count([("cron_id", "=", cron.id)])
        self.backend._shop_wake_helpers()
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), before)
        cron.active = True
        self.backend._shop_wake_helpers()
        self.assertEqual(Trigger.search_count([("cron_id", "=", cron.id)]), before + 1)
