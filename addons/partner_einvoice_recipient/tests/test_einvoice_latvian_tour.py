from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .dns_stub import DnsStub

LATVIAN_MODULES = ["base", "web", "mail", "account", "account_peppol", "partner_einvoice_recipient"]


@tagged("post_install", "-at_install")
class TestEinvoiceRecipientScreensInLatvian(HttpCase):
    """A Latvian bookkeeper's customer form and e-invoice settings, in a real browser."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("lv_LV")
        cls.env["ir.module.module"]._load_module_terms(LATVIAN_MODULES, ["lv_LV"], overwrite=True)
        cls.env.company.einvoice_recipient_check = True
        cls.bookkeeper = cls.env.ref("base.user_admin")
        cls.bookkeeper.lang = "lv_LV"

    def test_customer_form_explains_the_status_in_latvian(self):
        partner = self.env["res.partner"].create({"name": "Klients SIA", "is_company": True, "customer_rank": 1})
        partner.sudo().einvoice_recipient_state = "recipient"

        self.start_tour(
            f"/odoo/action-account.res_partner_action_customer/{partner.id}",
            "einvoice_recipient_customer_form_lv",
            login="admin",
        )

    def test_settings_explain_each_setting_and_the_update_reports_in_latvian(self):
        with DnsStub({}) as dns_stub:  # the registry's zone is gone: the scheduled update records why
            self.env["einvoice.registry"].create(
                {
                    "name": "Peppol",
                    "provider": "peppol_smp",
                    "sml_zone": "production",
                    "timeout": 1,
                    "dns_nameserver": dns_stub.nameserver,
                }
            )
            with self.assertLogs("odoo.addons.partner_einvoice_recipient.models.einvoice_registry", "ERROR"):
                self.env["einvoice.registry"]._cron_update_recipients()

        self.start_tour("/odoo/action-account.action_account_config", "einvoice_recipient_settings_lv", login="admin")

    def test_without_registry_the_update_names_the_menu_as_latvian_menus_do(self):
        self.env["einvoice.registry"].search([]).unlink()
        # In the language the web client sends with every call of this user.
        update = self.env["einvoice.recipient.update"].with_user(self.bookkeeper).with_context(lang="lv_LV").create({})
        with self.assertRaises(UserError) as refused:
            update.action_update()
        menu = self.env.ref("partner_einvoice_recipient.menu_einvoice_registry").with_context(lang="lv_LV")
        self.assertIn(menu.complete_name.replace("/", " > "), refused.exception.args[0])
        self.assertIn("> E-rēķinu reģistri", refused.exception.args[0])
        self.assertNotIn("Configuration", refused.exception.args[0])
