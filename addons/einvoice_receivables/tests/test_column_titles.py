import base64

from odoo import Command, fields
from odoo.addons.account_mass_invoicing.tests.mass_invoice_screens import chart_of_accounts, club_run, members
from odoo.tests import HttpCase, tagged

LANGUAGES = ["en_US", "de_DE", "nb_NO", "lv_LV"]
MODULES = [
    "base",
    "web",
    "mail",
    "account",
    "account_peppol",
    "sale",
    "account_payment_reminder",
    "partner_einvoice_recipient",
    "account_mass_invoicing",
    "account_mass_invoicing_peppol",
    "account_mass_invoicing_snailmail",
    "einvoice_receivables",
]
# (list, tour): the add-ons' own lists are checked whole, Odoo's lists for the columns added to them.
LISTS = [
    ("/odoo/action-partner_einvoice_recipient.action_einvoice_registry", "einvoice_receivables_titles_all"),
    ("/odoo/action-account_invoice_collective.action_move_collective_invoice", "einvoice_receivables_titles_all"),
    ("/odoo/action-account.action_move_out_invoice_type", "einvoice_receivables_titles_added"),
    ("/odoo/action-account.res_partner_action_customer?view_type=list", "einvoice_receivables_titles_added"),
]


class InFourLanguages:
    """The checks of `_check_in` in English, German, Norwegian and Latvian (the longest titles)."""

    # Odoo's test loader only runs the test methods a class defines itself, unless told so.
    allow_inherited_tests_method = True
    browser_size = "1440x900"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for lang in LANGUAGES[1:]:
            cls.env["res.lang"]._activate_lang(lang)
        cls.env["ir.module.module"]._load_module_terms(MODULES, LANGUAGES[1:], overwrite=True)

    def test_english(self):
        self._check_in("en_US")

    def test_german(self):
        self._check_in("de_DE")

    def test_norwegian(self):
        self._check_in("nb_NO")

    def test_latvian(self):
        self._check_in("lv_LV")


@tagged("post_install", "-at_install")
class TestColumnTitlesWhole(InFourLanguages, HttpCase):
    """At 1440 pixels, every column title of the e-invoice, sending and collective invoice lists reads whole."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # With several companies, as most users of e-invoice registries have: one more column.
        cls.env.ref("base.user_admin").groups_id |= cls.env.ref("base.group_multi_company")
        registry = cls.env["einvoice.registry"].create(
            {"name": "Peppol Directory", "provider": "peppol_directory", "url": "http://127.0.0.1:9/export"}
        )
        registry._set_sync_result("error", "http://127.0.0.1:9/export: no answer within 10 s")
        customer = cls.env["res.partner"].create({"name": "Kunde", "customer_rank": 1})
        customer.sudo().write({"einvoice_recipient_state": "recipient", "einvoice_network": "Peppol"})
        cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "is_collective": True,
                "send_date": fields.Date.today(),
                "service_period_start": "2027-01-01",
                "service_period_end": "2027-06-30",
                "invoice_line_ids": [Command.create({"name": "Service", "price_unit": 1500.0})],
            }
        )

    def _check_in(self, lang):
        self.env.ref("base.user_admin").lang = lang
        for url, tour in LISTS:
            with self.subTest(lang=lang, list=url):
                self.start_tour(url, tour, login="admin")


@tagged("post_install", "-at_install")
class TestMassInvoiceColumnTitlesWhole(InFourLanguages, HttpCase):
    """At 1440 pixels, every column title of mass invoicing reads whole: the runs, a run's delivery methods,
    lines, files, recipients preview and outcome, the list of a run's recipients, a recipient's attempts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        chart_of_accounts(cls.env)
        tag, _customers = members(
            cls.env,
            "Titles Members",
            {"name": "Fjordhytte AS", "is_company": True, "email": "post@fjordhytte.example"},
            {"name": "Kari Nordmann"},
        )
        run = club_run(cls.env, tag)
        cls.env["mass.invoice.attachment"].create(
            {"run_id": run.id, "name": "vedtekter.pdf", "datas": base64.b64encode(b"%PDF-1.4 vedtekter")}
        )
        run.with_user(cls.env.ref("base.user_admin")).action_run()
        for _round in range(5):
            cls.env["mass.invoice.run"]._mass_invoice_process_batch(run_ids=run.ids)
        assert run.state == "done", run.recipient_ids.mapped("state")
        cls.run_id = run.id
        cls.draft_run_id = club_run(cls.env, tag, name="Medlemskontingent 2028").id

    def _check_in(self, lang):
        self.env.ref("base.user_admin").lang = lang
        pages = [
            ("/odoo/action-account_mass_invoicing.action_mass_invoice_run", "einvoice_receivables_titles_all"),
            (
                f"/odoo/action-account_mass_invoicing.action_mass_invoice_run/{self.run_id}",
                "einvoice_receivables_titles_mass_invoice_run",
            ),
            (
                f"/odoo/action-account_mass_invoicing.action_mass_invoice_run/{self.draft_run_id}",
                "einvoice_receivables_titles_mass_invoice_draft",
            ),
        ]
        for url, tour in pages:
            with self.subTest(lang=lang, page=url):
                self.start_tour(url, tour, login="admin")
