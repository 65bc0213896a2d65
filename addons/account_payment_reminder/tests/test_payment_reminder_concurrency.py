"""One reminder per customer per interval across real, concurrent transactions (committed data, own cursors)."""

import threading
import time
from datetime import timedelta

from psycopg2.errors import SerializationFailure

from odoo import Command, fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import format_date

from .payment_reminder_common import WorkerEnvMixin


def main_company_with_accounts(env):
    """The main company, with a chart of accounts and an email address to send from."""
    company = env.ref("base.main_company")
    if not company.chart_template:
        env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
    company.email = "billing@company.example.com"
    return company


@tagged("post_install", "-at_install")
class TestPaymentReminderConcurrency(WorkerEnvMixin, TransactionCase):
    def setUp(self):
        super().setUp()
        self.registry = self.env.registry
        with self._worker_env() as env:
            company = main_company_with_accounts(env)
            partners = env["res.partner"].create(
                [{"name": f"Concurrent Debtor {n}", "email": f"ap{n}@debtor.example.com"} for n in range(2)]
            )
            today = fields.Date.context_today(env.user)
            moves = env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "invoice_date": today - timedelta(days=40),
                        "invoice_date_due": today - timedelta(days=10),
                        "invoice_payment_term_id": False,
                        "invoice_line_ids": [Command.create({"name": "Service", "price_unit": 100.0, "tax_ids": []})],
                    }
                    for partner in partners
                ]
            )
            moves.action_post()
            self.company_id, self.partner_ids, self.move_ids = company.id, partners.ids, moves.ids
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self._worker_env() as env:
            reminders = env["payment.reminder"].search([("partner_id", "in", self.partner_ids)])
            reminders.mail_id.unlink()
            reminders.unlink()
            env["payment.reminder.state"].search([("partner_id", "in", self.partner_ids)]).unlink()
            moves = env["account.move"].browse(self.move_ids)
            moves.button_draft()
            moves.posted_before = False
            moves.unlink()
            env["res.partner"].browse(self.partner_ids).unlink()

    def _send(self, env, partner_ids, messages=None):
        """{partner id: status}; the messages the user reads go into `messages` when given."""
        company = env["res.company"].browse(self.company_id)
        partners = env["res.partner"].browse(partner_ids)
        results = env["payment.reminder"]._payment_reminder_send(partners, company, fields.Date.context_today(env.user))
        if messages is not None:
            messages.update({partner_id: result["message"] for partner_id, result in results.items()})
        return {partner_id: result["status"] for partner_id, result in results.items()}

    def _emails_per_customer(self):
        with self._worker_env() as env:
            reminders = env["payment.reminder"].search(
                [("partner_id", "in", self.partner_ids), ("kind", "=", "email"), ("mail_id", "!=", False)]
            )
            return [len(reminders.filtered(lambda r, pid=pid: r.partner_id.id == pid)) for pid in self.partner_ids]

    def _in_thread(self, func):
        """Run `func(env)` in a worker of its own; a serialization failure is retried once in a new
        transaction, as Odoo retries every request and RPC call that meets a concurrent update."""
        outcome = {}

        def run():
            threading.current_thread().testing = True  # emails queue in the transaction, as in the test thread
            for attempt in range(2):
                try:
                    with self._worker_env() as env:
                        # A worker that waited for the other's rows would fail here instead of hanging the test.
                        env.cr.execute("SET LOCAL lock_timeout = '10s'")
                        outcome.update(func(env))
                    return
                except SerializationFailure:
                    outcome["retried"] = attempt + 1

        thread = threading.Thread(target=run)
        thread.start()
        return thread, outcome

    def test_two_users_at_once_send_one_reminder_per_customer(self):
        first, second = self.partner_ids
        with self._worker_env() as env:  # the state rows exist, as once the totals screen has been opened
            env["payment.reminder.state"]._payment_reminder_ensure(
                self.partner_ids, env["res.company"].browse(self.company_id)
            )

        with self._worker_env() as env_a:
            self.assertEqual(self._send(env_a, [first]), {first: "sent"})
            # B, while A has not committed yet, sends to both: it skips A's customer, does not wait for it.
            messages_b = {}
            thread, outcome_b = self._in_thread(lambda env: self._send(env, [first, second], messages_b))
            thread.join(timeout=60)
            self.assertFalse(thread.is_alive())
            self.assertEqual(outcome_b, {first: "not_sent", second: "sent"})
            self.assertEqual(
                messages_b[first], "not sent: another user or the scheduled action is reminding this customer right now"
            )

        with self._worker_env() as env:  # after both committed, a third run finds everyone within the interval
            messages = {}
            self.assertEqual(self._send(env, [first, second], messages), {first: "not_sent", second: "not_sent"})
            today = format_date(env, fields.Date.context_today(env.user))
            self.assertEqual(
                messages[first], f"not sent: already reminded on {today} (at most one reminder every 7 days)"
            )
        self.assertEqual(self._emails_per_customer(), [1, 1])

    def test_first_reminders_created_at_once_are_not_doubled(self):
        """No state rows yet: B waits for A's new row, fails to serialize once A commits, and its retry
        sees A's reminder and sends none for that customer."""
        first, second = self.partner_ids
        env_a_block = self._worker_env()
        env_a = env_a_block.__enter__()
        try:
            self.assertEqual(self._send(env_a, [first]), {first: "sent"})
            thread, outcome_b = self._in_thread(lambda env: self._send(env, [first, second]))
            time.sleep(1)
            self.assertTrue(thread.is_alive(), "B waits for A's uncommitted state row")
        finally:
            env_a_block.__exit__(None, None, None)  # A commits
        thread.join(timeout=60)
        self.assertFalse(thread.is_alive())
        self.assertEqual(outcome_b, {"retried": 1, first: "not_sent", second: "sent"})
        self.assertEqual(self._emails_per_customer(), [1, 1])

    def test_scheduled_run_sends_once_and_reports_progress(self):
        with self._worker_env() as env:
            env["res.partner"].browse(self.partner_ids).with_company(self.company_id).payment_reminder_mode = "auto"
        with self._worker_env() as env:
            env["payment.reminder"]._cron_payment_reminder(batch_size=1)  # one customer per call
        self.assertEqual(sorted(self._emails_per_customer()), [0, 1])
        with self._worker_env() as env:
            env["payment.reminder"]._cron_payment_reminder(batch_size=1)
            env["payment.reminder"]._cron_payment_reminder(batch_size=1)  # nothing left within the interval
        self.assertEqual(self._emails_per_customer(), [1, 1])
