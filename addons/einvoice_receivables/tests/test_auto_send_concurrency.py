"""Exactly-once sending across real, concurrent transactions (committed data, separate cursors)."""

import threading

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.api import Transaction
from odoo.tests import TransactionCase, tagged

INVOICES = 6


@tagged("post_install", "-at_install")
class TestAutoSendConcurrency(TransactionCase):
    def setUp(self):
        super().setUp()
        self.registry = self.env.registry
        with self._worker_env() as env:
            company = env.ref("base.main_company")
            if not company.chart_template:
                env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
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

    def _worker_env(self):
        """A cursor of its own, like a cron worker's; commits when the block ends without error."""
        registry = self.registry

        class WorkerEnv:
            def __enter__(self):
                self.cr = registry.cursor()
                # Bound to the loaded registry: looking it up by name waits for the test run to end.
                self.cr.transaction = Transaction(registry)
                return api.Environment(self.cr, SUPERUSER_ID, {})

            def __exit__(self, exc_type, *args):
                if exc_type is None:
                    self.cr.commit()
                self.cr.close()

        return WorkerEnv()

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
                claimed = env["account.move"]._einvoice_lock_due(INVOICES)
                claimed._einvoice_send_now()
                worker_b_sent.extend(claimed.ids)

        first_customer, second_customer = self.move_ids[: INVOICES // 2], self.move_ids[INVOICES // 2 :]
        with self._worker_env() as env_a:
            claimed_by_a = env_a["account.move"]._einvoice_lock_due(2)
            self.assertEqual(claimed_by_a.ids, first_customer[:2])
            thread = threading.Thread(target=worker_b)
            thread.start()
            thread.join(timeout=120)
            self.assertFalse(thread.is_alive())
            self.assertEqual(
                sorted(worker_b_sent), second_customer, "B skipped A's invoices and the customer A is sending to"
            )
            claimed_by_a._einvoice_send_now()

        with self._worker_env() as env:  # the next cron run sends the one left
            env["account.move"]._cron_einvoice_auto_send(batch_size=INVOICES)

        counts, states = self._sending_counts()
        self.assertEqual(set(counts.values()), {1}, f"each invoice sent exactly once: {counts}")
        self.assertEqual(set(states), {"sent"})

    def test_crash_in_the_middle_of_a_batch_resumes_without_sending_twice(self):
        with self._worker_env() as env:
            first_batch = env["account.move"]._einvoice_lock_due(2)
            first_batch._einvoice_send_now()

        crashed = self._worker_env()
        env = crashed.__enter__()
        second_batch = env["account.move"]._einvoice_lock_due(2)
        second_batch[:1]._einvoice_send_now()
        crashed.__exit__(RuntimeError, None, None)  # the worker dies before its commit

        counts, _states = self._sending_counts()
        self.assertEqual(sorted(counts.values()), [0] * (INVOICES - 2) + [1, 1], "the crashed batch left no trace")

        with self._worker_env() as env:
            env["account.move"]._cron_einvoice_auto_send(batch_size=INVOICES)

        counts, states = self._sending_counts()
        self.assertEqual(set(counts.values()), {1}, f"each invoice sent exactly once: {counts}")
        self.assertEqual(set(states), {"sent"})
