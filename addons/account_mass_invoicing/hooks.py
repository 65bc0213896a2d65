"""Mass invoicing was part of einvoice_receivables: installed on a database that had it, this add-on
takes over its records (einvoice_receivables/split.py)."""

from importlib.util import find_spec

FORMER = "odoo.addons.einvoice_receivables"
RENAMED_PARAMETERS = {
    "einvoice_receivables.mass_invoice_batch_size": "account_mass_invoicing.batch_size",
    "einvoice_receivables.mass_invoice_delivery_batch_size": "account_mass_invoicing.delivery_batch_size",
}


def pre_init_hook(env):
    if find_spec(FORMER):
        from odoo.addons.einvoice_receivables.split import claim

        claim(env, "account_mass_invoicing", RENAMED_PARAMETERS)


def post_init_hook(env):
    if find_spec(FORMER):
        from odoo.addons.einvoice_receivables.split import restore

        restore(env)
    # The invoices of existing runs are theirs to send (all but those a run gave up as drafts).
    recipients = env["mass.invoice.recipient"].search([("move_id", "!=", False), ("state", "!=", "draft")])
    recipients.move_id.with_context(tracking_disable=True).write({"send_owner": "mass_invoice"})
