"""The payment reminder email keeps to field placeholders; its invoice table became a QWeb view.

On an upgrade Odoo writes the new English body of the template and keeps the other languages'
bodies, which would still hold the old table. Their new bodies are loaded from the module's
translations, for that template only: other translations, perhaps edited by users, stay.

The automatic sending's scheduled action was renamed; its record is not updated by upgrades
(users may change its timing), so the new name is given here unless the name was changed.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools.translate import TranslationImporter, get_po_paths

TEMPLATE = "account_payment_reminder.mail_template_payment_reminder"
AUTO_SEND_CRON = "account_invoice_auto_send.ir_cron_einvoice_auto_send"
AUTO_SEND_NAMES = (
    "Invoicing: send due invoices automatically",
    "E-invoice Receivables: send invoices on their send date or automatically",
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    importer = TranslationImporter(cr, verbose=False)
    for lang, _name in env["res.lang"].get_installed():
        for po_path in get_po_paths("account_payment_reminder", lang, env=env):
            importer.load_file(po_path, lang, xmlids=[TEMPLATE])
    importer.save(overwrite=True)
    cron = env.ref(AUTO_SEND_CRON, raise_if_not_found=False)
    if cron and cron.with_context(lang="en_US").name == AUTO_SEND_NAMES[0]:
        cron.with_context(lang="en_US").name = AUTO_SEND_NAMES[1]
