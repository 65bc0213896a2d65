"""The mass invoicing tests' company with the snailmail test server (snailmail_server)."""

from odoo import Command
from odoo.addons.account_mass_invoicing.tests import common

from .snailmail_server import SnailmailServer


def with_pdf(env):
    """The environment in which Odoo makes a real PDF (wkhtmltopdf), which in tests it only does when asked.
    Its page assets are asked of `report.url`, the snailmail test server here (see SnailmailServices): Odoo's
    own test server would wait for the test's cursor."""
    return env(context={"force_report_rendering": True})


def process_all(env, rounds=50, run_ids=None):
    """The run's cron until nothing is left to do; the letters it prints get a real PDF (see print_letters)."""
    common.process_all(with_pdf(env), rounds=rounds, run_ids=run_ids)


def print_letters(env):
    """Odoo's own snailmail cron; a letter is a real PDF."""
    with_pdf(env)["snailmail.letter"]._snailmail_cron()


class SnailmailServices:
    """With MassInvoiceLiveCase: the company's letters go to the snailmail test server, which counts its
    postal credit."""

    @classmethod
    def setUpClass(cls):
        cls.snailmail = SnailmailServer().__enter__()
        cls.addClassCleanup(cls.snailmail.__exit__)
        super().setUpClass()

    @classmethod
    def _set_up_services(cls, env, company):
        url = cls.snailmail.url
        # Odoo's IAP balance (the postal credit the summary and the run read) at the same server.
        cls._set_up_parameters(env, {"snailmail.endpoint": url, "iap.endpoint": url, "report.url": url})
        # The company's snailmail (IAP) account, with its token: credit is counted by the service.
        service = env["iap.service"].search([("technical_name", "=", "snailmail")], limit=1)
        env["iap.account"].create(
            {
                "service_id": service.id,
                "account_token": f"token-{company.id}",
                "company_ids": [Command.set(company.ids)],
            }
        )
        return super()._set_up_services(env, company)


class MassInvoiceLettersCase(SnailmailServices, common.MassInvoiceLiveCase):
    """A club company whose letters go to the snailmail test server."""
