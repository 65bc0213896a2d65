from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import tagged

from ..hooks import post_init_hook


@tagged("post_install", "-at_install")
class TestSendOwner(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_data["company"].email = "billing@company.example.com"
        cls.partner_a.email = "ap@partner-a.example.com"

    def _posted_invoice(self):
        return self.init_invoice("out_invoice", partner=self.partner_a, products=self.product_a, post=True)

    def test_send_and_print_by_hand_makes_the_invoice_sent_by_hand(self):
        move = self._posted_invoice()
        wizard = self.env["account.move.send.wizard"].with_context(active_model=move._name, active_ids=move.ids)
        wizard.create({"move_id": move.id}).action_send_and_print()
        self.assertEqual(move.send_owner, "manual")
        self.assertTrue(move.is_move_sent)

    def test_send_and_print_of_several_takes_them_before_odoo_sends_them_in_the_background(self):
        moves = self._posted_invoice() + self._posted_invoice()
        self.env["account.move.send.batch.wizard"].create({"move_ids": moves.ids}).action_send_and_print()
        self.assertEqual(moves.mapped("send_owner"), ["manual", "manual"])
        self.assertTrue(all(moves.mapped("sending_data")), "still to be sent by Odoo's background sending")
        self.assertFalse(any(moves.mapped("is_move_sent")))

    def test_a_path_sends_its_invoices_and_is_refused_those_of_another(self):
        free, by_hand, sent_before = self._posted_invoice(), self._posted_invoice(), self._posted_invoice()
        by_hand.send_owner = "manual"
        sent_before.is_move_sent = True  # sent before owners were recorded

        errors = self.env["account.move.send"]._send_owner_send(free + by_hand + sent_before, "api")

        self.assertEqual(set(errors), {by_hand.id, sent_before.id})
        self.assertIn("sent by another way: By hand", errors[by_hand.id])
        self.assertIn("was already sent", errors[sent_before.id])
        self.assertEqual(free.send_owner, "api")
        self.assertTrue(free.is_move_sent)
        self.assertFalse(by_hand.is_move_sent, "not sent by the path that does not own it")

    def test_a_path_sends_again_what_it_owns_and_keeps_its_owner(self):
        move = self._posted_invoice()
        self.env["account.move.send"]._send_owner_send(move, "api")
        self.assertEqual(self.env["account.move.send"]._send_owner_send(move, "api"), {}, "e.g. a retry")
        self.assertEqual(move.send_owner, "api")

    def test_installing_on_a_database_marks_invoices_sent_before_as_sent_by_hand(self):
        sent, unsent = self._posted_invoice(), self._posted_invoice()
        sent.is_move_sent = True
        self.env.flush_all()
        post_init_hook(self.env)
        self.env.invalidate_all()
        self.assertEqual(sent.send_owner, "manual")
        self.assertFalse(unsent.send_owner)
