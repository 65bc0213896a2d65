"""Each add-on's translation template holds every text Odoo finds in it (views, fields, menus,
code): a text missing from the template has no translation, and its users read it in English.
Hand-written entries drift (a view's text inside a tag is exported with the tag)."""

from pathlib import Path

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader, TranslationModuleReader

ADDONS = Path(__file__).resolve().parents[2]


@tagged("post_install", "-at_install")
class TestTranslationTemplates(TransactionCase):
    def test_each_template_holds_every_text_odoo_exports_from_its_add_on(self):
        ours = [path.parent.name for path in ADDONS.glob("*/__manifest__.py")]
        installed = self.env["ir.module.module"].search([("name", "in", ours), ("state", "=", "installed")])
        self.assertIn("einvoice_receivables", installed.mapped("name"))
        for module in installed.mapped("name"):
            with self.subTest(module=module):
                exported = {row[4] for row in TranslationModuleReader(self.env.cr, modules=[module]) if row[4]}
                with open(ADDONS / module / "i18n" / f"{module}.pot", "rb") as pot:
                    template = {row["src"] for row in PoFileReader(pot)}
                missing = sorted(text[:70] for text in exported - template)
                self.assertFalse(missing, f"{module}: texts missing from the template: {missing[:8]}")
