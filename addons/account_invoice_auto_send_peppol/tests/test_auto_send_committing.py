"""Automatic sending as in production, where Odoo's Peppol sending commits the transaction.

`account.move.send._can_commit()` is false under tests, so the commit inside account_peppol's
sending never happens in ordinary tests. Here it is true, the cursors are real ones that
commit, and the Peppol access point is Odoo's own demo mode.
"""

from base64 import b64encode
from unittest.mock import patch

from odoo import Command, fields
from odoo.addons.account.models.account_move_send import AccountMoveSend
from odoo.addons.account_invoice_auto_send.tests.auto_send_workers import WorkerEnvMixin
from odoo.tests import TransactionCase, tagged
from odoo.tools import config
from odoo.tools.misc import file_open

PEPPOL_INVOICES = 3
EMAIL_INVOICES = 3
PEPPOL_LOG = "The document has been sent to the Peppol Access Point for processing"


class WorkerKilled(BaseException):
    """The worker process dies (not an error any code handles)."""


@tagged("post_install", "-at_install")
class TestAutoSendCommitting(WorkerEnvMixin, TransactionCase):
    def setUp(self):
        super().setUp()
        with self._worker_env() as env:
            company = self._worker_company(env)
            company_fields = ["country_id", "vat", "email", "peppol_eas", "peppol_endpoint"]
            company_fields.append("account_peppol_proxy_state")
            saved = company.read(company_fields, load=None)[0]
            self.saved_company = {name: saved[name] for name in company_fields}
            belgium = env.ref("base.be")
            company.write(
                {
                    "country_id": belgium.id,
                    "vat": "BE0477472701",
                    "email": "billing@company.example.com",
                    "peppol_eas": "0208",
                    "peppol_endpoint": "0477472701",
                    "account_peppol_proxy_state": "receiver",
                    "invoice_auto_send_interval": "immediately",
                }
            )
            key = env["certificate.key"].create(
                {
                    "name": "Peppol demo key",
                    "content": b64encode(file_open("account_peppol/tools/private_key.pem", "rb").read()),
                    "company_id": company.id,
                }
            )
            proxy_user = env["account_edi_proxy_client.user"].create(
                {
                    "id_client": "einvoice-receivables-demo",
                    "proxy_type": "peppol",
                    "edi_mode": "demo",  # Odoo's demo access point: no network, real sending code
                    "edi_identification": "0208:0477472701",
                    "private_key_id": key.id,
                    "refresh_token": "demo",
                    "company_id": company.id,
                }
            )
            peppol_customer, email_customer = env["res.partner"].create(
                [
                    {
                        "name": "Peppol Customer",
                        "is_company": True,
                        "country_id": belgium.id,
                        "street": "Rue de la Loi 1",
                        "zip": "1000",
                        "city": "Bruxelles",
                        "vat": "BE0202239951",
                        "peppol_eas": "0208",
                        "peppol_endpoint": "0202239951",
                        "invoice_edi_format": "ubl_bis3",
                        "email": "ap@peppol.example.com",
                    },
                    {"name": "Email Customer", "email": "ap@email.example.com"},
                ]
            )
            (peppol_customer + email_customer).with_company(company).invoice_auto_send = True
            peppol_customer.with_company(company).invoice_sending_method = "peppol"
            email_customer.with_company(company).invoice_sending_method = "email"
            tax = company.account_sale_tax_id
            customers = [peppol_customer] * PEPPOL_INVOICES + [email_customer] * EMAIL_INVOICES
            moves = env["account.move"].create(
                [
                    {
                        "move_type": "out_invoice",
                        "partner_id": customer.id,
                        "company_id": company.id,
                        "invoice_date": fields.Date.today(),
                        "invoice_line_ids": [
                            Command.create({"name": f"Service {n}", "price_unit": 100.0 + n, "tax_ids": tax.ids})
                        ],
                    }
                    for n, customer in enumerate(customers)
                ]
            )
            moves.action_post()
            self.assertEqual(set(moves.mapped("auto_send_state")), {"scheduled"})
            moves.auto_send_due = "2000-01-01 00:00:00"  # claimed before any other due invoice of the database
            self.move_ids = moves.ids
            self.peppol_ids, self.email_ids = moves.ids[:PEPPOL_INVOICES], moves.ids[PEPPOL_INVOICES:]
            self.partner_ids = (peppol_customer + email_customer).ids
            self.proxy_user_id, self.key_id = proxy_user.id, key.id
        self.addCleanup(self._remove_data)
        # As in production: Odoo's sender may commit.
        patcher = patch.object(AccountMoveSend, "_can_commit", lambda self: True)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _remove_data(self):
        with self._worker_env() as env:
            moves = env["account.move"].browse(self.move_ids)
            moves.button_draft()
            moves.write({"posted_before": False, "peppol_move_state": False, "peppol_message_uuid": False})
            moves.unlink()
            env["res.partner"].browse(self.partner_ids).unlink()
            env["account_edi_proxy_client.user"].browse(self.proxy_user_id).unlink()
            env["certificate.key"].browse(self.key_id).unlink()
            env.ref("base.main_company").write(self.saved_company)

    def _sendings(self):
        """{invoice id: times it was sent (Peppol hand-overs or sending emails)}, states, Peppol states."""
        with self._worker_env() as env:
            moves = env["account.move"].browse(self.move_ids)
            counts = {}
            for move in moves:
                if move.id in self.peppol_ids:
                    counts[move.id] = len(move.message_ids.filtered(lambda m: PEPPOL_LOG in (m.body or "")))
                else:
                    counts[move.id] = len(move.message_ids.filtered(lambda m: m.message_type == "comment"))
            peppol = moves.filtered(lambda m: m.id in self.peppol_ids)
            return counts, set(moves.mapped("auto_send_state")), set(peppol.mapped("peppol_move_state"))

    def test_cron_sends_peppol_and_email_invoices_once_with_commits(self):
        with self._worker_env() as env:
            env["account.move"]._cron_auto_send(batch_size=len(self.move_ids))

        counts, states, peppol_states = self._sendings()
        self.assertEqual(set(counts.values()), {1}, f"each invoice sent exactly once: {counts}")
        self.assertEqual(states, {"sent"})
        self.assertEqual(peppol_states, {"processing"}, "handed to the access point")

        with self._worker_env() as env:  # nothing left to do
            env["account.move"]._cron_auto_send(batch_size=len(self.move_ids))
        self.assertEqual(self._sendings()[0], counts)

    def test_worker_dying_after_the_access_point_took_the_invoice_does_not_send_it_again(self):
        def die_after_sending(moves):
            if set(moves.ids) & set(self.peppol_ids):
                raise WorkerKilled

        crashed = self._worker_env()
        env = crashed.__enter__()
        claimed = env["account.move"]._auto_send_lock_due(len(self.move_ids))
        with (
            patch.object(type(env["account.move"]), "_auto_send_deliver_mails", die_after_sending),
            self.assertRaises(WorkerKilled),
        ):
            claimed._auto_send_send_now()
        crashed.__exit__(WorkerKilled, None, None)  # dies before its own commit

        counts, states, peppol_states = self._sendings()
        self.assertEqual(sum(counts[move_id] for move_id in self.email_ids), EMAIL_INVOICES, "emails committed")
        self.assertEqual(sum(counts[move_id] for move_id in self.peppol_ids), 1, "one hand-over, committed by Odoo")

        with self._worker_env() as env:
            env["account.move"]._cron_auto_send(batch_size=len(self.move_ids))

        counts, states, peppol_states = self._sendings()
        self.assertEqual(set(counts.values()), {1}, f"each invoice sent exactly once: {counts}")
        self.assertEqual(states, {"sent"})
        self.assertEqual(peppol_states, {"processing"})

    def test_cron_out_of_time_sends_nothing_and_asks_for_a_run_of_its_own(self):
        def due_triggers():
            with self._worker_env() as env:
                cron = env.ref("account_invoice_auto_send.ir_cron_einvoice_auto_send")
                return env["ir.cron.trigger"].search_count(
                    [("cron_id", "=", cron.id), ("call_at", "<=", fields.Datetime.now())]
                )

        before = due_triggers()
        # One second of real time for the run: not even one invoice fits in half of it.
        with patch.dict(config.options, {"limit_time_real_cron": 1}), self._worker_env() as env:
            env["account.move"]._cron_auto_send(batch_size=len(self.move_ids))

        counts, states, _peppol_states = self._sendings()
        self.assertEqual(set(counts.values()), {0}, "nothing claimed that would not fit")
        self.assertEqual(states, {"scheduled"})
        self.assertEqual(due_triggers(), before + 1, "the rest goes to a run of its own, at once")
