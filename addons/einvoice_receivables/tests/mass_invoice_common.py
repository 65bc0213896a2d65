"""The mass invoicing tests' company, servers and runs, with committed data (see mass_invoice_workers).

MassInvoiceLiveCase: a club company with Peppol (demo), a local SMTP server and a local snailmail
service (mass_invoice_servers); its runs are worked through by the run's cron in worker threads.
"""

from odoo import Command
from odoo.tests import TransactionCase

from .mass_invoice_servers import SmtpServer, SnailmailServer
from .mass_invoice_workers import Worker, send_queued_mails


def process_all(env, rounds=50, run_ids=None):
    """The run's cron until nothing is left to do; the letters it prints get a real PDF (see print_letters)."""
    env = with_pdf(env)
    for _ in range(rounds):
        processed, remaining = env["mass.invoice.run"]._mass_invoice_process_batch(run_ids=run_ids)
        if not processed and not remaining:
            break
    send_queued_mails(env)


def with_pdf(env):
    """The environment in which Odoo makes a real PDF (wkhtmltopdf), which in tests it only does when asked."""
    return env(context={"force_report_rendering": True})


def print_letters(env):
    """Odoo's own snailmail cron; a letter is a real PDF."""
    with_pdf(env)["snailmail.letter"]._snailmail_cron()


class MassInvoiceLiveCase(TransactionCase):
    """A club company with Peppol (demo), a local SMTP server and a local snailmail service."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smtp = SmtpServer().__enter__()
        cls.addClassCleanup(cls.smtp.__exit__)
        cls.snailmail = SnailmailServer().__enter__()
        cls.addClassCleanup(cls.snailmail.__exit__)
        with Worker(cls.registry) as env:
            cls._set_up_company(env)
        cls.addClassCleanup(cls._restore_parameters)

    @classmethod
    def _set_up_company(cls, env):
        belgium = env.ref("base.be")
        params = env["ir.config_parameter"]
        cls.saved_parameters = {
            key: params.get_param(key) for key in ("snailmail.endpoint", "iap.endpoint", "report.url")
        }
        params.set_param("snailmail.endpoint", cls.snailmail.url)
        # Odoo's IAP balance (the postal credit the summary and the run read) at the same server.
        params.set_param("iap.endpoint", cls.snailmail.url)
        params.set_param("report.url", cls.snailmail.url)
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
        # Each test class has a company of its own, with its own Peppol address (demo identifiers are unique).
        endpoint = f"{1000000000 + company.id}"
        company.partner_id.write({"peppol_eas": "0208", "peppol_endpoint": endpoint})
        env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        env["account_edi_proxy_client.user"].create(
            {
                "id_client": f"demo-{company.id}",
                "proxy_type": "peppol",
                "edi_mode": "demo",
                "company_id": company.id,
                "edi_identification": f"0208:{endpoint}",
                "private_key_id": env["certificate.key"]._generate_rsa_private_key(company).id,
                "refresh_token": "demo",
            }
        )
        company.account_peppol_proxy_state = "sender"
        # The company's snailmail (IAP) account, with its token: credit is counted by the service.
        service = env["iap.service"].search([("technical_name", "=", "snailmail")], limit=1)
        env["iap.account"].create(
            {
                "service_id": service.id,
                "account_token": f"token-{company.id}",
                "company_ids": [Command.set(company.ids)],
            }
        )
        cls.company_id = company.id
        cls.tax_id = company.account_sale_tax_id.id
        cls.tag_id = env["res.partner.category"].create({"name": f"Members {cls.__name__}"}).id

    @classmethod
    def _restore_parameters(cls):
        with Worker(cls.registry) as env:
            for key, value in cls.saved_parameters.items():
                env["ir.config_parameter"].set_param(key, value or False)
            env["ir.mail_server"].browse(cls.mail_server_id).unlink()

    def _customers(self, env, *vals_list, tag=None):
        company = env["res.company"].browse(self.company_id)
        methods = vals_list
        base = {"category_id": [Command.set([tag or self.tag_id])], "lang": "en_US"}
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
