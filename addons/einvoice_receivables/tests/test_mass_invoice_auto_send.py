"""A run is the only sender of its invoices, also for customers with "Send invoices automatically":
the automatic sending and the run's delivery cross with two cron workers, at a real SMTP server, and
each member gets exactly one email."""

import threading

from odoo.addons.account_mass_invoicing.tests.common import MassInvoiceLiveCase, process_all
from odoo.addons.account_mass_invoicing.tests.mass_invoice_workers import (
    in_worker_thread,
    outside_test_mode,
    send_queued_mails,
)
from odoo.tests import tagged


def auto_send(env):
    """Odoo's cron of the automatic sending, its emails sent by SMTP as outside tests."""
    with outside_test_mode():
        env["account.move"]._cron_auto_send()
        env.cr.commit()  # pylint: disable=invalid-commit  # its emails go out after the commit


@tagged("post_install", "-at_install")
class TestMassInvoiceAutoSend(MassInvoiceLiveCase):
    def _start(self, env):
        company = env["res.company"].browse(self.company_id)
        company.invoice_auto_send_interval = "immediately"
        members = [
            {"name": "Auto Mail One", "email": "auto1@member.example", "_method": "email"},
            {"name": "Auto Mail Two", "email": "auto2@member.example", "_method": "email"},
            {"name": "Auto Unreachable", "_method": "email"},
        ]
        run, partners = self._members_run(env, members, ["preferred"], started=False)
        partners.with_company(company).invoice_auto_send = True
        run.action_run()
        return run.id, partners.ids

    def _at_once(self, *functions):
        """Each function in a worker thread of its own, all at the same time, as two cron threads run."""
        errors = []

        def call(function):
            try:
                in_worker_thread(self.registry, function, timeout=120)
            except Exception as error:  # handed to the test thread
                errors.append(error)

        threads = [threading.Thread(target=call, args=(function,)) for function in functions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=150)
        if errors:
            raise errors[0]

    def test_each_member_gets_one_email_with_automatic_sending(self):
        run_id, partner_ids = self._read(self._start)
        self.smtp.messages.clear()

        # The run's invoicing batch posts the invoices; the automatic sending runs before their delivery ...
        in_worker_thread(
            self.registry, lambda env: env["mass.invoice.run"]._mass_invoice_process_batch(run_ids=[run_id])
        )
        in_worker_thread(self.registry, auto_send)
        # ... and beside it, in two cron threads.
        self._at_once(lambda env: process_all(env, run_ids=[run_id]), auto_send)
        in_worker_thread(self.registry, lambda env: process_all(env, run_ids=[run_id]))
        in_worker_thread(self.registry, auto_send)
        in_worker_thread(self.registry, send_queued_mails)

        def read(env):
            recipients = env["mass.invoice.run"].browse(run_id).recipient_ids
            by_partner = {r.partner_id.id: r for r in recipients}
            return {
                "states": [by_partner[pid].state for pid in partner_ids],
                "auto_send": [by_partner[pid].move_id.auto_send_state for pid in partner_ids],
            }

        found = self._read(read)
        self.assertEqual(found["states"], ["delivered", "delivered", "draft"])
        self.assertEqual(len(self.smtp.to("auto1@member.example")), 1)
        self.assertEqual(len(self.smtp.to("auto2@member.example")), 1)
        self.assertEqual(found["auto_send"], [False] * 3, "the automatic sending left the run's invoices alone")

        # The run's draft, posted later by hand, is sent automatically like any invoice of the customer.
        def post_the_draft(env):
            recipient = (
                env["mass.invoice.run"]
                .browse(run_id)
                .recipient_ids.filtered(lambda r: r.partner_id.id == partner_ids[2])
            )
            recipient.move_id.partner_id.email = "found@member.example"
            recipient.move_id.action_post()
            return recipient.move_id.auto_send_state, recipient.move_id.is_move_sent

        self.assertEqual(self._read(post_the_draft), ("scheduled", False))
        in_worker_thread(self.registry, auto_send)
        in_worker_thread(self.registry, send_queued_mails)
        self.assertEqual(len(self.smtp.to("found@member.example")), 1)
