"""Committed invoices delivered to a real SMTP server on 127.0.0.1, as production sends them: for the
tests that count the messages each invoice's customer receives.

LiveSendCase: the main company's mail server is the test's SMTP server; each customer (on automatic
sending) has an address of its own, so the server's count per recipient is the count per invoice.
The cron and Send & Print run in committing transactions of their own (auto_send_workers) outside
Odoo's test mode: its sender commits and its mail server really connects, as in production.
"""

import contextlib
import uuid

from freezegun import freeze_time

from odoo import Command, fields
from odoo.addons.account_invoice_send_owner.tests.smtp_server import SmtpServer, outside_test_mode
from odoo.tests import TransactionCase

from .auto_send_workers import WorkerEnvMixin


class LiveSendCase(WorkerEnvMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smtp = SmtpServer().__enter__()
        cls.addClassCleanup(cls.smtp.__exit__)

    def setUp(self):
        super().setUp()
        self.token = uuid.uuid4().hex[:8]
        self.move_ids, self.partner_ids = [], []
        with self._worker_env() as env:
            company = env.ref("base.main_company")
            if not company.chart_template:
                env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
            self.saved_company = company.read(["email", "invoice_auto_send_interval"], load=None)[0]
            self.saved_company.pop("id")
            company.write({"email": "billing@company.example.com", "invoice_auto_send_interval": "hourly"})
            server = env["ir.mail_server"].create(
                {
                    "name": f"Live test {self.token}",
                    "smtp_host": "127.0.0.1",
                    "smtp_port": self.smtp.port,
                    "smtp_encryption": "none",
                    "sequence": 0,
                }
            )
            self.mail_server_id = server.id
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self._worker_env() as env:
            moves = env["account.move"].browse(self.move_ids).exists()
            moves.filtered(lambda m: m.state == "posted").button_draft()
            moves.posted_before = False
            moves.unlink()
            env["res.partner"].browse(self.partner_ids).unlink()
            env["ir.mail_server"].browse(self.mail_server_id).unlink()
            env.ref("base.main_company").write(
                {key: self.saved_company[key] for key in self.saved_company if key != "id"}
            )

    def _customer(self, env, name):
        partner = env["res.partner"].create(
            {"name": name, "email": f"{name.lower().replace(' ', '-')}-{self.token}@live.example.com", "lang": "en_US"}
        )
        partner.with_company(env.company).invoice_auto_send = True
        self.partner_ids.append(partner.id)
        return partner

    def _invoice(self, env, partner, post=True, **values):
        move = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": fields.Date.today(),
                "invoice_line_ids": [Command.create({"name": "Maintenance", "quantity": 1, "price_unit": 120.0})],
                **values,
            }
        )
        if post:
            move.action_post()
        self.move_ids.append(move.id)
        return move

    def _received(self):
        """{invoice id: messages its customer received at the SMTP server}."""
        with self._worker_env() as env:
            moves = env["account.move"].browse(self.move_ids).exists()
            return {move.id: self.smtp.delivered[move.partner_id.email.lower()] for move in moves}

    def _run_cron(self, at=None):
        """The automatic sending's scheduled action, at `at` (naive UTC) or now."""
        clock = freeze_time(at) if at else contextlib.nullcontext()
        with outside_test_mode(), clock, self._worker_env() as env:
            env["account.move"]._cron_auto_send()

    def _send_and_print(self, move_id):
        """A user sends the invoice with Send & Print."""
        with outside_test_mode(), self._worker_env() as env:
            user_env = env(user=env.ref("base.user_admin"))
            wizard = user_env["account.move.send.wizard"].with_context(
                active_model="account.move", active_ids=[move_id]
            )
            wizard.create({"move_id": move_id}).action_send_and_print()
