from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestEinvoiceSettingsAccess(TransactionCase):
    """Registry settings and credentials belong to administrators (res.config.settings already is theirs)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant = new_test_user(
            cls.env, "einv_accountant", groups="base.group_user,account.group_account_manager"
        )
        cls.billing = new_test_user(cls.env, "einv_billing", groups="base.group_user,account.group_account_invoice")
        cls.admin = new_test_user(
            cls.env, "einv_admin", groups="base.group_user,base.group_system,account.group_account_manager"
        )
        cls.operator_registry = cls.env["einvoice.registry"].create(
            {
                "name": "Operator",
                "provider": "peppol_directory",
                "url": "http://127.0.0.1:9/export",
                "api_password": "s3cret",
            }
        )

    def _settings_arch(self, user):
        return self.env["res.config.settings"].with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]

    def test_administrators_find_the_recipient_setting_in_invoicing_settings(self):
        arch = self._settings_arch(self.admin)
        self.assertIn('id="einvoice_recipient_settings"', arch)
        self.assertIn('name="einvoice_recipient_check"', arch)
        registries = self.env.ref("partner_einvoice_recipient.action_einvoice_registry")
        self.assertIn(f'name="{registries.id}"', arch, "a link to the registries")

    def test_registry_secret_readable_by_administrators_only(self):
        self.assertEqual(self.operator_registry.with_user(self.admin).api_password, "s3cret")
        with self.assertRaises(AccessError):
            self.operator_registry.with_user(self.accountant).read(["api_password"])
        with self.assertRaises(AccessError):
            self.operator_registry.with_user(self.billing).read(["name"])
