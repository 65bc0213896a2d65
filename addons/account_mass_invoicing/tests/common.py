"""The mass invoicing tests' clubs, companies, servers and runs.

MassInvoiceCommon: a club's members in the test's transaction.
MassInvoiceLiveCase: a club company with a local SMTP server (account_invoice_send_owner's), with committed data
(see mass_invoice_workers); its runs are worked through by the run's cron in worker threads. The
e-invoice and letter add-ons' tests add their services to it (_set_up_services).
"""

from odoo import Command
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.account_invoice_send_owner.tests.smtp_server import SmtpServer
from odoo.tests import TransactionCase

from .mass_invoice_workers import Worker, send_queued_mails


def process_all(env, rounds=50, run_ids=None):
    """The run's cron until nothing is left to do, then Odoo's mail queue."""
    for _ in range(rounds):
        processed, remaining = env["mass.invoice.run"]._mass_invoice_process_batch(run_ids=run_ids)
        if not processed and not remaining:
            break
    send_queued_mails(env)


class MassInvoiceCommon(AccountTestInvoicingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        Category = cls.env["res.partner.category"]
        cls.members, cls.board, cls.honorary = Category.create(
            [{"name": "Members"}, {"name": "Board"}, {"name": "Honorary (no fee)"}]
        )
        Partner = cls.env["res.partner"]
        cls.anna = Partner.create(
            {
                "name": "Anna Member",
                "email": "anna@club.example",
                "ref": "M-001",
                "category_id": [Command.set(cls.members.ids)],
            }
        )
        cls.bjorn = Partner.create(
            {
                "name": "Bjørn Board",
                "email": "bjorn@club.example",
                "category_id": [Command.set((cls.members + cls.board).ids)],
            }
        )
        cls.carl = Partner.create(
            {
                "name": "Carl Honorary",
                "email": "carl@club.example",
                "category_id": [Command.set((cls.members + cls.honorary).ids)],
            }
        )
        cls.firm = Partner.create({"name": "Sponsor AS", "is_company": True, "ref": "S-9"})
        cls.firm_contact_1 = Partner.create(
            {"name": "Dora Sponsor", "parent_id": cls.firm.id, "category_id": [Command.set(cls.members.ids)]}
        )
        cls.firm_contact_2 = Partner.create(
            {"name": "Erik Sponsor", "parent_id": cls.firm.id, "category_id": [Command.set(cls.board.ids)]}
        )
        cls.firm_billing = Partner.create(
            {"name": "Sponsor AS, accounts", "parent_id": cls.firm.id, "type": "invoice", "email": "ap@sponsor.example"}
        )
        cls.outsider = Partner.create({"name": "Not a member", "email": "x@example.com"})
        cls.fee = cls.env["product.product"].create(
            {"name": "Membership fee", "lst_price": 600.0, "taxes_id": [Command.clear()]}
        )

    @classmethod
    def _run(cls, **values):
        return cls.env["mass.invoice.run"].create(
            {
                "name": "Membership 2027",
                "include_category_ids": [Command.set(cls.members.ids)],
                "line_ids": [Command.create({"product_id": cls.fee.id, "quantity": 1})],
                **values,
            }
        )


class MassInvoiceLiveCase(TransactionCase):
    """A club company with a local SMTP server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smtp = SmtpServer().__enter__()
        cls.addClassCleanup(cls.smtp.__exit__)
        cls.saved_parameters = {}
        with Worker(cls.registry) as env:
            cls._set_up_company(env)
        cls.addClassCleanup(cls._restore_parameters)

    @classmethod
    def _set_up_company(cls, env):
        belgium = env.ref("base.be")
        server = env["ir.mail_server"].create(
            {"name": "test smtp", "smtp_host": "127.0.0.1", "smtp_port": cls.smtp.port, "smtp_encryption": "none"}
        )
        cls.mail_server_id = server.id
        company = env["res.company"].create(
            {
                "name": f"Mass Invoicing Club {cls.__name__}",
                "country_id": belgium.id,
                "street": "Rue du Club 1",
                "zip": "1000",
                "city": "Bruxelles",
                "vat": "BE0477472701",
                "email": "kasserer@club.example",
            }
        )
        # Committed, so seen by the tests that run later: the club and its members are the club company's
        # contacts only (another company's customer lists and registry look-ups do not show them).
        company.partner_id.company_id = company
        env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        cls._set_up_services(env, company)
        cls.company_id = company.id
        cls.tax_id = company.account_sale_tax_id.id
        cls.tag_id = env["res.partner.category"].create({"name": f"Members {cls.__name__}"}).id

    @classmethod
    def _set_up_services(cls, env, company):
        """The company's services for the methods the test class delivers by, besides email; parameters
        it sets are given back to their values of `cls.saved_parameters` afterwards."""

    @classmethod
    def _set_up_parameters(cls, env, values):
        params = env["ir.config_parameter"]
        for key, value in values.items():
            cls.saved_parameters.setdefault(key, params.get_param(key))
            params.set_param(key, value)

    @classmethod
    def _restore_parameters(cls):
        with Worker(cls.registry) as env:
            for key, value in cls.saved_parameters.items():
                env["ir.config_parameter"].set_param(key, value or False)
            env["ir.mail_server"].browse(cls.mail_server_id).unlink()

    def _customers(self, env, *vals_list, tag=None):
        company = env["res.company"].browse(self.company_id)
        methods = vals_list
        base = {"category_id": [Command.set([tag or self.tag_id])], "lang": "en_US", "company_id": company.id}
        # In the company's environment: Odoo verifies Peppol addresses on creation, in demo mode (no network).
        vals_list = [{key: value for key, value in vals.items() if not key.startswith("_")} for vals in vals_list]
        partners = env["res.partner"].with_company(company).create([{**base, **vals} for vals in vals_list])
        for partner, vals in zip(partners, methods, strict=True):
            if method := vals.get("_method"):
                partner.with_company(company).invoice_sending_method = method
        return partners

    def _run(self, env, tag=None, **values):
        company = env["res.company"].browse(self.company_id)
        return (
            env["mass.invoice.run"]
            .with_company(company)
            .create(
                {
                    "name": f"Membership fee {self._testMethodName}",
                    "company_id": company.id,
                    "include_category_ids": [Command.set([tag or self.tag_id])],
                    "line_ids": [
                        Command.create(
                            {
                                "name": "Membership fee",
                                "quantity": 1,
                                "price_unit": 500.0,
                                "tax_ids": [Command.set([self.tax_id])],
                            }
                        )
                    ],
                    **values,
                }
            )
        )

    def _members_run(self, env, members, methods, started=True, **values):
        """(run, customers): a run of its own for these members (values as _customers takes them, under a tag
        named after the test), delivered by `methods`, then "save as draft"; started unless told not to."""
        tag = env["res.partner.category"].create({"name": f"Members {self._testMethodName}"}).id
        customers = self._customers(env, *members, tag=tag)
        chain = [*methods, "draft"]
        run = self._run(
            env,
            tag=tag,
            delivery_method_ids=[
                Command.clear(),
                *(Command.create({"method": method, "sequence": n}) for n, method in enumerate(chain, 1)),
            ],
            **values,
        )
        if started:
            run.action_run()
        return run, customers

    def _read(self, function):
        with Worker(self.registry) as env:
            return function(env)
