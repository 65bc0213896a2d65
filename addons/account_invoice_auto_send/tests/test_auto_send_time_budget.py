import threading
import time
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged
from odoo.tools import config

from ..models.account_move_auto_send import CronTimeBudget


@tagged("post_install", "-at_install")
class TestAutoSendTimeBudget(TransactionCase):
    """Batches sized by the time left before the worker's real-time limit."""

    def _budget(self, limit_time_real=120, limit_time_real_cron=-1, context=None):
        with patch.dict(
            config.options, {"limit_time_real": limit_time_real, "limit_time_real_cron": limit_time_real_cron}
        ):
            return CronTimeBudget(self.env(context=context or {}))

    def test_first_batch_fits_half_the_limit_at_the_first_estimate(self):
        budget = self._budget(limit_time_real=120)
        # 60 s (half the limit) at 3 s per invoice, less the moment since the budget was made.
        self.assertIn(budget.batch_size(50), (19, 20))
        self.assertEqual(budget.batch_size(5), 5, "never more than the configured batch size")

    def test_cron_limit_counts_before_the_general_one(self):
        self.assertEqual(self._budget(limit_time_real=120, limit_time_real_cron=600).limit, 600)
        self.assertEqual(self._budget(limit_time_real=120, limit_time_real_cron=0).limit, 120)
        self.assertFalse(self._budget(limit_time_real=0, limit_time_real_cron=0).limit)
        self.assertEqual(self._budget(limit_time_real=0, limit_time_real_cron=0).batch_size(50), 50, "no limit")

    def test_measured_time_sizes_the_next_batches(self):
        budget = self._budget(limit_time_real=120)
        budget.started = time.time() - 30
        budget.record(10, 10.0)  # 1 s per invoice: 30 s left
        self.assertIn(budget.batch_size(100), (29, 30))
        budget.started = time.time() - 61
        self.assertEqual(budget.batch_size(100), 0, "out of time: the next run sends the rest")

    def test_clock_starts_with_the_cron_thread_run(self):
        thread = threading.current_thread()
        saved = getattr(thread, "start_time", None)
        thread.start_time = time.time() - 55  # the threaded server's clock for its limit
        try:
            self.assertEqual(self._budget(limit_time_real=120).batch_size(50), 1)
        finally:
            thread.start_time = saved

    def test_calls_of_one_prefork_cron_run_share_a_clock(self):
        context = {"cron_id": 7, "lastcall": "2026-12-01 10:00:00"}
        first = self._budget(context=context).started
        time.sleep(0.01)
        self.assertEqual(self._budget(context=context).started, first, "the second call of the same run")
        self.assertGreater(self._budget(context=dict(context, lastcall="2026-12-01 11:00:00")).started, first)
