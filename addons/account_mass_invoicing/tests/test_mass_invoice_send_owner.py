"""A run owns the sending of the invoices it makes; Send & Print by hand takes one over, and the run
then neither sends it again nor, later, resets it to draft."""

from odoo.tests import tagged

from .common import MassInvoiceLiveCase, process_all
from .mass_invoice_workers import in_worker_thread, outside_test_mode, send_queued_mails


def send_and_print(env, move_id):
    """A user sends the invoice with Send & Print (its email queued: Odoo's mail queue sends it)."""
    company = env["account.move"].browse(move_id).company_id
    admin = env.ref("base.user_admin")
    admin.company_ids |= company
    with outside_test_mode():
        user_env = env(user=admin, context={"allowed_company_ids": company.ids, "mail_notify_force_send": False})
        wizard = user_env["account.move.send.wizard"].with_context(active_model="account.move", active_ids=[move_id])
        wizard.create({"move_id": move_id}).action_send_and_print()


def send_in_background(env, move_ids):
    """A user sends the invoices with Send on the list, which Odoo's scheduled action then sends."""
    company = env["account.move"].browse(move_ids[0]).company_id
    admin = env.ref("base.user_admin")
    admin.company_ids |= company
    user_env = env(user=admin, context={"allowed_company_ids": company.ids})
    batch = user_env["account.move.send.batch.wizard"].with_context(active_model="account.move", active_ids=move_ids)
    batch.create({}).action_send_and_print()


def odoo_background_sending(env):
    with outside_test_mode():
        env(context={"mail_notify_force_send": False})["account.move"]._cron_account_move_send()


@tagged("post_install", "-at_install")
class TestMassInvoiceSendOwner(MassInvoiceLiveCase):
    def _start(self, env):
        members = [
            {"name": "Owner Mail One", "email": "owner1@member.example"},
            {"name": "Owner Mail Two", "email": "owner2@member.example"},
        ]
        run, partners = self._members_run(env, members, ["email"])
        return run.id, partners.ids

    def _recipients(self, env, run_id, partner_ids):
        by_partner = {r.partner_id.id: r for r in env["mass.invoice.run"].browse(run_id).recipient_ids}
        return [by_partner[partner_id] for partner_id in partner_ids]

    def test_send_and_print_by_hand_takes_an_invoice_from_its_run(self):
        run_id, partner_ids = self._read(self._start)
        self.smtp.messages.clear()
        # The run's first batch makes and posts the invoices; they are the run's to send.
        in_worker_thread(
            self.registry, lambda env: env["mass.invoice.run"]._mass_invoice_process_batch(run_ids=[run_id])
        )
        owners = self._read(
            lambda env: [(r.state, r.move_id.send_owner) for r in self._recipients(env, run_id, partner_ids)]
        )
        self.assertEqual(owners, [("to_deliver", "mass_invoice")] * 2)

        first_move_id = self._read(lambda env: self._recipients(env, run_id, partner_ids)[0].move_id.id)
        in_worker_thread(self.registry, lambda env: send_and_print(env, first_move_id))
        in_worker_thread(self.registry, send_queued_mails)
        in_worker_thread(self.registry, lambda env: process_all(env, run_ids=[run_id]))

        found = self._read(
            lambda env: [
                (r.state, r.move_id.state, r.move_id.send_owner) for r in self._recipients(env, run_id, partner_ids)
            ]
        )
        self.assertEqual(found, [("delivered", "posted", "manual"), ("delivered", "posted", "mass_invoice")])
        shown = self._read(
            lambda env: [
                (r.delivered_method, [(a.method, a.result, a.reason) for a in r.attempt_ids])
                for r in self._recipients(env, run_id, partner_ids)
            ]
        )
        admin_name = self._read(lambda env: env.ref("base.user_admin").name)
        by_hand = ("manual", [("manual", "delivered", f"Sent by hand by {admin_name}.")])
        self.assertEqual(shown, [by_hand, ("email", [("email", "delivered", False)])], "the list says who sent it")
        self.assertEqual(len(self.smtp.to("owner1@member.example")), 1, "sent by hand only, not by the run too")
        self.assertEqual(len(self.smtp.to("owner2@member.example")), 1)

    def test_send_in_the_background_names_who_sent_the_invoices(self):
        run_id, partner_ids = self._read(self._start)
        self.smtp.messages.clear()
        in_worker_thread(
            self.registry, lambda env: env["mass.invoice.run"]._mass_invoice_process_batch(run_ids=[run_id])
        )
        move_ids = self._read(lambda env: [r.move_id.id for r in self._recipients(env, run_id, partner_ids)])

        in_worker_thread(self.registry, lambda env: send_in_background(env, move_ids))
        in_worker_thread(self.registry, odoo_background_sending)  # runs as OdooBot
        in_worker_thread(self.registry, send_queued_mails)
        in_worker_thread(self.registry, lambda env: process_all(env, run_ids=[run_id]))

        admin_name = self._read(lambda env: env.ref("base.user_admin").name)
        shown = self._read(
            lambda env: [
                (r.state, r.delivered_method, r.attempt_ids.mapped("reason"))
                for r in self._recipients(env, run_id, partner_ids)
            ]
        )
        self.assertEqual(shown, [("delivered", "manual", [f"Sent by hand by {admin_name}."])] * 2)
        self.assertEqual(len(self.smtp.to("owner1@member.example")), 1)
        self.assertEqual(len(self.smtp.to("owner2@member.example")), 1)
