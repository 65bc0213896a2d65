"""Payment reminders were part of einvoice_receivables: installed on a database that had it, this
add-on takes over their records (einvoice_receivables/split.py)."""

from importlib.util import find_spec

FORMER = "odoo.addons.einvoice_receivables"
RENAMED_PARAMETERS = {"einvoice_receivables.payment_reminder_batch_size": "account_payment_reminder.batch_size"}


def pre_init_hook(env):
    if find_spec(FORMER):
        from odoo.addons.einvoice_receivables.split import claim

        claim(env, "account_payment_reminder", RENAMED_PARAMETERS)


def post_init_hook(env):
    if find_spec(FORMER):
        from odoo.addons.einvoice_receivables.split import restore

        restore(env)
