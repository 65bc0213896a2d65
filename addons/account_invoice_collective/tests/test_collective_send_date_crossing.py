"""A collective invoice with a send date, for a customer on automatic sending: the send date decides,
counted at a real SMTP server."""

from datetime import datetime, time, timedelta

from odoo import Command, fields
from odoo.addons.account_invoice_auto_send.tests.live_sending import LiveSendCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestCollectiveSendDateCrossing(LiveSendCase):
    def test_collective_invoice_goes_out_once_on_its_send_date_not_at_the_automatic_slot(self):
        send_date = fields.Date.today() + timedelta(days=2)
        with self._worker_env() as env:
            customer = self._customer(env, "Collective Customer")
            drafts = self._invoice(env, customer, post=False) + self._invoice(env, customer, post=False)
            merge = env["account.move.collective.merge"].create({"move_ids": [Command.set(drafts.ids)]})
            collective = env["account.move"].browse(merge.action_merge()["res_id"])
            self.move_ids.append(collective.id)
            collective.send_date = send_date
            collective.action_post()  # checked early; the send date says when it goes out
            slot = env.company._auto_send_next_send_slot(fields.Datetime.now())
            self.assertEqual(collective.send_owner, "send_date")

        self._run_cron(at=slot + timedelta(minutes=1))
        self.assertEqual(self._received()[collective.id], 0, "nothing at the automatic sending's slot")

        on_the_date = datetime.combine(send_date, time.min)  # the company's time zone is UTC here
        self._run_cron(at=on_the_date + timedelta(minutes=1))
        self._run_cron(at=on_the_date + timedelta(hours=2))

        self.assertEqual(self._received()[collective.id], 1, "one delivery, on the send date")
