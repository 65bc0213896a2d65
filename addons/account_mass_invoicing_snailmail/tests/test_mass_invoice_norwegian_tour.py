import base64

from odoo import Command
from odoo.addons.account_mass_invoicing.tests.mass_invoice_screens import (
    chart_of_accounts,
    club_run,
    members,
    screenshots_on_request,
)
from odoo.tests import HttpCase, tagged

from .snailmail_server import SnailmailServer

NORWEGIAN_MODULES = [
    "base",
    "web",
    "mail",
    "account",
    "snailmail",
    "account_mass_invoicing",
    "account_mass_invoicing_snailmail",
]


@tagged("post_install", "-at_install")
class TestMassInvoiceNorwegianTour(HttpCase):
    """A Norwegian treasurer's run, in a real browser at 1440 pixels: the files by name, the summary with the
    postal credit read from the snailmail test server, the Run button as a verb, the progress and the outcome
    with a draft's reason. Screenshots: nb_summary_*.png and nb_outcome_*.png (see mass_invoice_screens).

    The letters stay queued: printing one renders its PDF, which Odoo does only outside tests or when the
    context asks for it (the letters' own tests do, in test_mass_invoice_letters)."""

    browser_size = "1440x900"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.snailmail = SnailmailServer(credit=1).__enter__()
        cls.addClassCleanup(cls.snailmail.__exit__)
        cls.env["res.lang"]._activate_lang("nb_NO")
        cls.env["ir.module.module"]._load_module_terms(NORWEGIAN_MODULES, ["nb_NO"], overwrite=True)
        cls.env.ref("base.user_admin").write({"lang": "nb_NO", "tz": "Europe/Oslo"})
        company = chart_of_accounts(cls.env)
        params = cls.env["ir.config_parameter"]
        params.set_param("iap.endpoint", cls.snailmail.url)
        params.set_param("snailmail.endpoint", cls.snailmail.url)
        cls.env["iap.account"].create(
            {
                "service_id": cls.env["iap.service"].search([("technical_name", "=", "snailmail")], limit=1).id,
                "account_token": "token-norwegian-tour",
                "company_ids": [Command.set(company.ids)],
            }
        )
        norway = cls.env.ref("base.no")
        tag, _customers = members(
            cls.env,
            "Medlemmer",
            {
                "name": "Fjordhytte AS",
                "is_company": True,
                "street": "Fjordveien 1",
                "zip": "5003",
                "city": "Bergen",
                "country_id": norway.id,
            },
            {"name": "Kari Nordmann", "street": "Storgata 2", "zip": "0155", "city": "Oslo", "country_id": norway.id},
            {"name": "Ola Nordmann", "email": "ola@nordmann.example"},
            {"name": "Per Hansen"},
        )
        # Made by the Norwegian user: the chatter's first line too is in Norwegian.
        cls.club_run = club_run(cls.env(context={"lang": "nb_NO"}), tag)
        cls.env["mass.invoice.attachment"].create(
            {"run_id": cls.club_run.id, "name": "vedtekter.pdf", "datas": base64.b64encode(b"%PDF-1.4 vedtekter")}
        )

    def test_run_form_in_norwegian(self):
        with screenshots_on_request():
            self.start_tour(
                f"/odoo/action-account_mass_invoicing.action_mass_invoice_run/{self.club_run.id}",
                "mass_invoice_norwegian_tour",
                login="admin",
            )

        states = {r.partner_id.name: r.state for r in self.club_run.recipient_ids}
        self.assertEqual(
            states,
            {"Per Hansen": "draft", "Ola Nordmann": "delivered", "Fjordhytte AS": "letter", "Kari Nordmann": "letter"},
        )
        self.assertIn("/iap/1/balance", [path for path, _payload in self.snailmail.requests], "the credit was asked")
