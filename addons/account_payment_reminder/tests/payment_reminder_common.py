"""Shared set-up of the payment reminder tests: invoices, payments and credit notes at chosen dates."""

import contextlib
from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.api import Transaction


class PaymentReminderCommon(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env.user)
        cls.company = cls.company_data["company"]
        cls.company.write({"payment_reminder_interval": 7, "email": "billing@company.example.com"})
        cls.receivable = cls.company_data["default_account_receivable"]
        cls.customer = cls.env["res.partner"].create(
            {"name": "Late Payer Ltd", "is_company": True, "email": "ap@latepayer.example.com"}
        )

    @classmethod
    def days(cls, n):
        """The date `n` days from today (negative: in the past)."""
        return cls.today + timedelta(days=n)

    @classmethod
    def invoice(cls, partner, amount, due_in, date_in=None, currency=None, move_type="out_invoice", company=None):
        """A posted customer invoice of `amount` due in `due_in` days (negative: overdue)."""
        company = company or cls.company
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "invoice_date": cls.days(date_in if date_in is not None else due_in - 30),
                    "invoice_date_due": cls.days(due_in),
                    "invoice_payment_term_id": False,
                    "currency_id": (currency or company.currency_id).id,
                    "invoice_line_ids": [
                        Command.create({"name": "Service", "quantity": 1, "price_unit": amount, "tax_ids": []})
                    ],
                }
            )
        )
        move.action_post()
        return move

    @classmethod
    def pay(cls, invoice, amount, date_in, currency=None):
        """Register a payment of `amount` on `invoice`, dated `date_in` days from today."""
        wizard = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "amount": amount,
                    "payment_date": cls.days(date_in),
                    "currency_id": (currency or invoice.currency_id).id,
                    "payment_difference_handling": "open",
                }
            )
        )
        return wizard._create_payments()

    @classmethod
    def unmatched_payment(cls, partner, amount, date_in, company=None):
        """A customer payment not matched with any invoice."""
        company = company or cls.company
        payment = (
            cls.env["account.payment"]
            .with_company(company)
            .create(
                {
                    "payment_type": "inbound",
                    "partner_type": "customer",
                    "partner_id": partner.id,
                    "amount": amount,
                    "date": cls.days(date_in),
                }
            )
        )
        payment.action_post()
        return payment

    @classmethod
    def billing_user(cls, login, companies):
        """A user with billing rights ("Billing") in `companies` only."""
        return cls.env["res.users"].create(
            {
                "name": f"Billing {login}",
                "login": login,
                "company_id": companies[0].id,
                "company_ids": [Command.set(companies.ids)],
                "groups_id": [Command.set([cls.env.ref("account.group_account_invoice").id])],
            }
        )

    @staticmethod
    def reconcile(*moves):
        moves = moves[0].browse([move.id for move in moves])
        lines = moves.line_ids.filtered(lambda line: line.account_id.account_type == "asset_receivable")
        lines.reconcile()

    def totals(self, date=None, company=None, **kwargs):
        """{partner: row} of the totals query as of `date`."""
        rows = self.env["payment.reminder.receivable.totals"]._totals(
            date or self.today, company or self.company, **kwargs
        )
        return {self.env["res.partner"].browse(row["partner_id"]): row for row in rows}

    def ledger_balance(self, partner, date, company=None):
        """The customer's receivable balance in the ledger on `date`: its posted items dated until then."""
        company = company or self.company
        lines = self.env["account.move.line"].search(
            [
                ("partner_id.commercial_partner_id", "=", partner.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
                ("company_id", "=", company.id),
                ("date", "<=", date),
            ]
        )
        return company.currency_id.round(sum(lines.mapped("balance")))


class WorkerEnvMixin:
    """For TransactionCase: reminders sent in real, committed transactions, as two users or cron workers send them."""

    @contextlib.contextmanager
    def _worker_env(self):
        """A cursor of its own, like a cron worker's or another user's request; commits when the block ends."""
        with self.registry.cursor() as cr:
            cr.transaction = Transaction(self.registry)  # a lookup by name would wait for the test run to end
            yield api.Environment(cr, SUPERUSER_ID, {})
