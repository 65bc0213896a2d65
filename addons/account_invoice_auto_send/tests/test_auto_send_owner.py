from datetime import timedelta

from odoo import fields
from odoo.addons.account_invoice_auto_send.models.account_move_api import AUTO_SEND_SYNC_LIMIT
from odoo.addons.account_invoice_send_owner.hooks import post_init_hook
from odoo.tests import tagged

from .common import AutoSendCase


@tagged("post_install", "-at_install")
class TestAutoSendOwner(AutoSendCase):
    def test_scheduled_invoices_are_the_automatic_sendings_own(self):
        by_customer = self._invoice()
        on_a_date = self._invoice(send_date=fields.Date.today() + timedelta(days=3))
        self.customer.with_company(self.company).invoice_auto_send = False
        not_scheduled = self._invoice()
        self.assertEqual(by_customer.send_owner, "auto_send")
        self.assertEqual(on_a_date.send_owner, "send_date")
        self.assertFalse(not_scheduled.send_owner)

        on_a_date.send_date = False
        self.assertFalse(on_a_date.send_owner, "unscheduled: nobody's")

    def test_an_invoice_sent_by_hand_is_never_scheduled_again(self):
        move = self._invoice()
        self.env["account.move.send"]._generate_and_send_invoices(move)
        move.send_date = fields.Date.today()
        self.assertFalse(move.auto_send_state)
        self.assertEqual(move.send_owner, "manual")
        self.assertEqual(move.action_post_and_send(), {str(move.id): "sent"}, "not sent again by the API")
        self.assertFalse(self._run_cron())

    def test_the_api_sends_as_integration_api(self):
        self.customer.with_company(self.company).invoice_auto_send = False
        move = self._invoice(post=False)
        with self.mock_mail_gateway():
            self.assertEqual(move.action_post_and_send(), {str(move.id): "sent"})
        self.assertEqual(move.send_owner, "api")

    def test_an_invoice_the_api_queued_stays_queued_when_its_send_date_is_cleared(self):
        self.customer.with_company(self.company).invoice_auto_send = False
        moves = self.env["account.move"].union(*(self._invoice(post=False) for _ in range(AUTO_SEND_SYNC_LIMIT + 1)))
        with self.mock_mail_gateway():
            outcomes = moves.action_post_and_send()
        queued = moves.filtered(lambda m: outcomes[str(m.id)] == "queued")
        self.assertEqual((queued.send_owner, queued.auto_send_state), ("api", "scheduled"))

        queued.write({"send_date": False})  # as an integration writing back all the fields it knows

        self.assertEqual((queued.send_owner, queued.auto_send_state), ("api", "scheduled"))
        self._run_cron()
        self.assertEqual(queued.auto_send_state, "sent")
        self.assertEqual(len(self._sending_messages(queued)), 1)

    def test_installing_the_owner_gives_scheduled_and_sent_invoices_theirs(self):
        sent = self._invoice()
        self._run_cron()
        scheduled = self._invoice()
        dated = self._invoice(send_date=fields.Date.today() + timedelta(days=3))
        by_hand = self._invoice()
        by_hand.write({"auto_send_state": False, "auto_send_due": False, "is_move_sent": True})
        moves = scheduled + dated + sent + by_hand
        self.assertEqual(sent.auto_send_state, "sent")
        moves.send_owner = False
        self.env.flush_all()

        post_init_hook(self.env)
        self.env.invalidate_all()

        self.assertEqual(moves.mapped("send_owner"), ["auto_send", "send_date", "auto_send", "manual"])
