"""The upgrade to 18.0.1.2.0 (migrations/18.0.1.2.0/post-migrate.py), run on an installed database."""

import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged

MIGRATION = Path(__file__).parent.parent / "migrations" / "18.0.1.2.0" / "post-migrate.py"


def load_migration():
    spec = importlib.util.spec_from_file_location("einvoice_post_migrate_1_2", MIGRATION)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return migration


@tagged("post_install", "-at_install")
class TestUpgradeTo120(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.friendly = cls.env.ref("account_payment_reminder.payment_reminder_level_friendly")

    def test_upgrade_loads_the_new_bodies_of_the_other_languages_and_keeps_other_translations(self):
        template = self.env.ref("account_payment_reminder.mail_template_payment_reminder")
        self.env["res.lang"]._activate_lang("de_DE")
        self.env["ir.module.module"]._load_module_terms(["account_payment_reminder"], ["de_DE"], overwrite=True)
        old_body = '<div><table><tr t-foreach="object.invoice_ids" t-as="i"><td t-out="i.name"/></tr></table></div>'
        template.with_context(lang="de_DE").body_html = old_body
        self.friendly.with_context(lang="de_DE").mail_intro = "Von Hand geändert."
        menu = self.env.ref("account_payment_reminder.menu_payment_reminder_totals")
        menu.with_context(lang="de_DE").name = "Offene Posten"
        migration = load_migration()

        migration.migrate(self.env.cr, "18.0.1.1.0")

        self.env.invalidate_all()
        body = template.with_context(lang="de_DE").body_html
        self.assertIn('t-out="object.invoice_table"', body)
        self.assertIn("Mit freundlichen Grüßen", body)
        self.assertNotIn("t-foreach", body)
        self.assertEqual(self.friendly.with_context(lang="de_DE").mail_intro, "Von Hand geändert.")
        self.assertEqual(menu.with_context(lang="de_DE").name, "Offene Posten")

    def test_upgrade_renames_the_automatic_sending_unless_the_user_did(self):
        cron = self.env.ref("account_invoice_auto_send.ir_cron_einvoice_auto_send")
        migration = load_migration()
        for before, after in (
            ("Invoicing: send due invoices automatically", migration.AUTO_SEND_NAMES[1]),
            ("Our nightly sending", "Our nightly sending"),
        ):
            cron.name = before
            migration.migrate(self.env.cr, "18.0.1.1.0")
            self.assertEqual(cron.name, after)
