"""The mass invoicing tests' company with the snailmail test server (snailmail_server)."""

from odoo import Command
from odoo.addons.account_mass_invoicing.tests.common import MassInvoiceLiveCase, with_pdf

from .snailmail_server import SnailmailServer


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
        super()._set_up_services(env, company)
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


class MassInvoiceLettersCase(SnailmailServices, MassInvoiceLiveCase):
    """A club company whose letters go to the snailmail test server."""
