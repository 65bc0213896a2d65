"""Exactly once across real, concurrent transactions: a crash in the middle of a batch, and two
workers sharing one run. Committed data, separate cursors (see mass_invoice_workers)."""

import threading

from odoo.tests import tagged

from .common import MassInvoiceLiveCase, process_all
from .mass_invoice_workers import Worker, in_worker_thread, send_queued_mails

CUSTOMERS = 6


class Crash(Exception):
    pass


@tagged("post_install", "-at_install")
class TestMassInvoiceConcurrency(MassInvoiceLiveCase):
    def setUp(self):
        super().setUp()

        def start(env):
            name = self._testMethodName
            members = [
                {"name": f"Member {name} {n}", "email": f"m{n}.{name}@club.example", "_method": "email"}
                for n in range(CUSTOMERS)
            ]
            return self._members_run(env, members, ["email"])[0].id

        self.run_id = self._read(start)
        self.smtp.messages.clear()

    def _state(self):
        def read(env):
            run = env["mass.invoice.run"].browse(self.run_id)
            invoices = env["account.move"].search([("invoice_origin", "=", run.name)])
            return {
                "invoices": len(invoices),
                "per_customer": sorted(
                    len(invoices.filtered(lambda m, p=p: m.partner_id == p)) for p in run.recipient_ids.partner_id
                ),
                "states": sorted(run.recipient_ids.mapped("state")),
                "linked": sorted(run.recipient_ids.move_id.ids) == sorted(invoices.ids),
                "run": run.state,
            }

        return self._read(read)

    def _emails_per_customer(self):
        return sorted(len(self.smtp.to(f"m{n}.{self._testMethodName}@club.example")) for n in range(CUSTOMERS))

    def test_crash_while_invoicing_and_while_sending_resumes_without_duplicates(self):
        def crash_after_invoicing(env):
            env["mass.invoice.run"]._mass_invoice_process_batch(batch_size=3)  # one batch committed
            env.cr.commit()  # pylint: disable=invalid-commit
            env["mass.invoice.run"]._mass_invoice_process_batch(batch_size=3)  # the next one ...
            raise Crash  # ... dies before its commit

        with self.assertRaises(Crash):
            in_worker_thread(self.registry, crash_after_invoicing)
        state = self._state()
        self.assertEqual(state["invoices"], 3, "the crashed batch left no invoice behind")
        self.assertTrue(state["linked"], "every invoice that exists is on its recipient")

        def crash_while_sending(env):
            Run = env["mass.invoice.run"]
            Run._mass_invoice_process_batch(batch_size=3)  # invoices the other three
            env.cr.commit()  # pylint: disable=invalid-commit
            Run._mass_invoice_process_batch(batch_size=2)  # emails two, committed
            send_queued_mails(env)
            Run._mass_invoice_process_batch(batch_size=2)  # emails two more ...
            raise Crash  # ... and dies: their emails were only queued in the rolled back transaction

        with self.assertRaises(Crash):
            in_worker_thread(self.registry, crash_while_sending)
        self.assertEqual(self._emails_per_customer(), [0] * 4 + [1] * 2)

        in_worker_thread(self.registry, process_all)  # the next cron run
        state = self._state()
        self.assertEqual(state["invoices"], CUSTOMERS)
        self.assertEqual(state["per_customer"], [1] * CUSTOMERS)
        self.assertEqual(state["states"], ["delivered"] * CUSTOMERS)
        self.assertEqual(state["run"], "done")
        self.assertEqual(self._emails_per_customer(), [1] * CUSTOMERS, "each customer emailed exactly once")

    def test_two_workers_share_a_run(self):
        """Worker A holds a batch; worker B, at the same time, takes the rest instead of waiting."""
        b_done = []

        def worker_b(env):
            # A worker that waited for A's rows would fail here instead of hanging the test.
            env.cr.execute("SET LOCAL lock_timeout = '5s'")
            claimed = env["mass.invoice.recipient"]._mass_invoice_claim(("pending",), CUSTOMERS, [self.run_id])
            claimed._mass_invoice_create_invoices()
            b_done.extend(claimed.ids)

        with Worker(self.registry) as env_a:
            claimed_by_a = env_a["mass.invoice.recipient"]._mass_invoice_claim(("pending",), 2, [self.run_id])
            self.assertEqual(len(claimed_by_a), 2)
            thread = threading.Thread(target=lambda: in_worker_thread(self.registry, worker_b))
            thread.start()
            thread.join(timeout=120)
            self.assertFalse(thread.is_alive())
            self.assertEqual(len(b_done), CUSTOMERS - 2, "B skipped A's recipients")
            self.assertFalse(set(b_done) & set(claimed_by_a.ids))
            claimed_by_a._mass_invoice_create_invoices()

        in_worker_thread(self.registry, process_all)
        state = self._state()
        self.assertEqual(state["per_customer"], [1] * CUSTOMERS, "each customer invoiced once")
        self.assertEqual(state["states"], ["delivered"] * CUSTOMERS)
        self.assertEqual(self._emails_per_customer(), [1] * CUSTOMERS)
