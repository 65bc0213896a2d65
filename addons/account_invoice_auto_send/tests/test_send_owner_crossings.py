"""One sending path: an invoice that two paths could send reaches its customer exactly once, counted
at a real SMTP server."""

import threading
from datetime import timedelta

from odoo.addons.account_invoice_send_owner.tests.smtp_server import outside_test_mode
from odoo.tests import tagged

from .live_sending import LiveSendCase


@tagged("post_install", "-at_install")
class TestSendOwnerCrossings(LiveSendCase):
    def test_send_and_print_before_the_slot_is_the_only_delivery(self):
        with self._worker_env() as env:
            move = self._invoice(env, self._customer(env, "Hand Customer"))
            self.assertEqual(move.send_owner, "auto_send")
            slot = move.auto_send_due
        self._send_and_print(move.id)
        self.assertEqual(self._received(), {move.id: 1}, "Send & Print delivered it")

        self._run_cron(at=slot + timedelta(minutes=1))
        self._run_cron(at=slot + timedelta(hours=2))

        self.assertEqual(self._received(), {move.id: 1}, "the automatic sending did not send it again")
        with self._worker_env() as env:
            self.assertEqual(env["account.move"].browse(move.id).send_owner, "manual")

    def test_two_cron_workers_and_send_and_print_deliver_each_invoice_once(self):
        with self._worker_env() as env:
            moves = [self._invoice(env, self._customer(env, f"Busy Customer {n}")) for n in range(4)]
            env["account.move"].browse(move.id for move in moves).auto_send_due = "2000-01-01 00:00:00"
        by_hand = moves[0].id
        self._send_and_print(by_hand)

        errors = []

        def worker_b():
            try:
                with outside_test_mode(), self._worker_env() as env:
                    env.cr.execute("SET LOCAL lock_timeout = '5s'")  # fails instead of waiting for A's rows
                    env["account.move"]._cron_auto_send()
            except Exception as error:  # handed to the test thread
                errors.append(error)

        with outside_test_mode(), self._worker_env() as env_a:
            claimed_by_a = env_a["account.move"]._auto_send_lock_due(2)
            self.assertEqual(len(claimed_by_a), 2)
            thread = threading.Thread(target=worker_b)
            thread.start()
            thread.join(timeout=120)
            self.assertFalse(thread.is_alive())
            claimed_by_a._auto_send_send_now()
        self.assertFalse(errors)
        self._run_cron()

        self.assertEqual(self._received(), dict.fromkeys(self.move_ids, 1), "one message per invoice")
