"""Exactly-once sending across real, concurrent transactions (committed data, separate cursors)."""

import threading

from odoo import Command, fields
from odoo.tests import TransactionCase, tagged

from .auto_send_workers import WorkerEnvMixin

INVOICES = 6


@tagged("post_install", "-at_install")
class TestAutoSendConcurrency(WorkerEnvMixin, TransactionCase):
    def setUp(self):
        super().setUp()
        with self._worker_env() as env:
            company = self._worker_company(env)
            company.write({"email": "billing@company.example.com", "invoice_auto_send_interval": "immediately"})
            partners = env["res.partner"].create(
                [{"name": f"Concurrent Customer {n}", "email": f"ap{n}@concurrent.example.com"} for n in range(2)]
            )
            partners.with_company(company).invoice_auto_send = True
            moves = env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": partners[n * 2 // INVOICES].id,  # the first half to one, the rest to the other
                        "company_id": company.id,
                        "invoice_date": fields.Date.today(),
                        "invoice_line_ids": [Command.create({"name": f"Service {n}", "price_unit": 100.0 + n})],
                    }
                    for n in range(INVOICES)
                ]
            )
            moves.action_post()
            self.assertEqual(set(moves.mapped("auto_send_state")), {"scheduled"})
            moves.auto_send_due = "2000-01-01 00:00:00"  # claimed before any other due invoice of the database
            self.move_ids, self.partner_ids = moves.ids, partners.ids
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self._worker_env() as env:
            moves = env["account.move"].browse(self.move_ids)
            moves.button_draft()
            moves.posted_before = False
            moves.unlink()
            env["res.partner"].browse(self.partner_ids).unlink()

    def _sending_counts(self):
        """{invoice id: number of chatter messages that sent it}, and the sending states."""
        with self._worker_env() as env:
            moves = env["account.move"].browse(self.move_ids)
            counts = {move.id: len(move.message_ids.filtered(lambda m: m.message_type == "comment")) for move in moves}
            return counts, moves.mapped("auto_send_state")

    def test_two_workers_never_send_the_same_invoice(self):
        """Worker A holds two invoices of the first customer; worker B, at the same time, sends what it can."""
        worker_b_sent = []

        def worker_b():
            # Like the test thread: emails are sent in the transaction (Odoo skips SMTP in tests), not by a
            # post-commit hook in a new transaction.
            threading.current_thread().testing = True
            with self._worker_env() as env:
                # A worker that waited for A's rows would fail here instead of hanging the test.
                env.cr.execute("SET LOCAL lock_timeout = '5s'")
                claimed = env["account.move"]._auto_send_lock_due(INVOICES)
                claimed._auto_send_send_now()
                worker_b_sent.extend(claimed.ids)

        first_customer, second_customer = self.move_ids[: INVOICES // 2], self.move_ids[INVOICES // 2 :]
        with self._worker_env() as env_a:
            claimed_by_a = env_a["account.move"]._auto_send_lock_due(2)
            self.assertEqual(claimed_by_a.ids, first_customer[:2])
            thread = threading.Thread(target=worker_b)
            thread.start()
            thread.join(timeout=120)
            self.assertFalse(thread.is_alive())
            self.assertEqual(
                sorted(worker_b_sent), second_customer, "B skipped A's invoices and the customer A is sending to"
            )
            claimed_by_a._auto_send_send_now()

        with self._worker_env() as env:  # the next cron run sends the one left
            env["account.move"]._cron_auto_send(batch_size=INVOICES)

        counts, states = self._sending_counts()
        self.assertEqual(set(counts.values()), {1}, f"each invoice sent exactly once: {counts}")
        self.assertEqual(set(states), {"sent"})

    def test_crash_in_the_middle_of_a_batch_resumes_without_sending_twice(self):
        with self._worker_env() as env:
            first_batch = env["account.move"]._auto_send_lock_due(2)
            first_batch._auto_send_send_now()

        crashed = self._worker_env()
        env = crashed.__enter__()
        second_batch = env["account.move"]._auto_send_lock_due(2)
        second_batch[:1]._auto_send_send_now()
        crashed.__exit__(RuntimeError, None, None)  # the worker dies before its commit

        counts, _states = self._sending_counts()
        self.assertEqual(sorted(counts.values()), [0] * (INVOICES - 2) + [1, 1], "the crashed batch left no trace")

        with self._worker_env() as env:
            env["account.move"]._cron_auto_send(batch_size=INVOICES)

        counts, states = self._sending_counts()
        self.assertEqual(set(counts.values()), {1}, f"each invoice sent exactly once: {counts}")
        self.assertEqual(set(states), {"sent"})

    def _hold_invoice(self, move_id, locked, release):
        """Another transaction (a payment being registered, say) holds the invoice until `release` is set."""

        def holder():
            with self._worker_env() as env:
                env.cr.execute("SELECT id FROM account_move WHERE id = %s FOR UPDATE", [move_id])
                locked.set()
                release.wait(timeout=30)

        thread = threading.Thread(target=holder)
        thread.start()
        self.assertTrue(locked.wait(timeout=30))
        return thread

    def _post_and_send_as_admin(self, move_id):
        with self._worker_env() as env:
            admin_env = env(user=env.ref("base.user_admin"))
            return admin_env["account.move"].browse(move_id).action_post_and_send()[str(move_id)]

    def _post_and_send_while_another_transaction_holds(self, move_id):
        locked, release = threading.Event(), threading.Event()
        holder = self._hold_invoice(move_id, locked, release)
        try:
            return self._post_and_send_as_admin(move_id)
        finally:
            release.set()
            holder.join(timeout=30)

    def _unscheduled_invoice(self):
        with self._worker_env() as env:
            partner = env["res.partner"].create({"name": "Manual Customer", "email": "manual@concurrent.example.com"})
            move = env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": fields.Date.today(),
                    "invoice_line_ids": [Command.create({"name": "Service", "price_unit": 100.0})],
                }
            )
            move.action_post()
            self.assertFalse(move.auto_send_state)
            self.move_ids.append(move.id)
            self.partner_ids.append(partner.id)
            return move.id

    def test_post_and_send_waits_for_an_invoice_another_transaction_holds(self):
        move_id = self._unscheduled_invoice()
        locked, release = threading.Event(), threading.Event()
        holder = self._hold_invoice(move_id, locked, release)
        threading.Timer(1.0, release.set).start()  # the other transaction ends within the wait

        outcome = self._post_and_send_as_admin(move_id)

        holder.join(timeout=30)
        self.assertEqual(outcome, "sent")

    def test_post_and_send_never_answers_queued_for_an_invoice_it_did_not_schedule(self):
        move_id = self._unscheduled_invoice()
        outcome = self._post_and_send_while_another_transaction_holds(move_id)

        self.assertIn("being changed by another user", outcome)
        with self._worker_env() as env:
            self.assertFalse(env["account.move"].browse(move_id).auto_send_state)

    def test_post_and_send_answers_queued_for_a_scheduled_invoice_being_sent(self):
        move_id = self.move_ids[0]
        outcome = self._post_and_send_while_another_transaction_holds(move_id)

        self.assertEqual(outcome, "queued")
        with self._worker_env() as env:
            self.assertEqual(env["account.move"].browse(move_id).auto_send_state, "scheduled")
