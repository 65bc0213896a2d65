"""Mass invoicing by post was part of einvoice_receivables: installed on a database that had it, this
add-on takes over its records (einvoice_receivables/split.py)."""

from importlib.util import find_spec

FORMER = "odoo.addons.einvoice_receivables"


def pre_init_hook(env):
    if find_spec(FORMER):
        from odoo.addons.einvoice_receivables.split import claim

        claim(env, "account_mass_invoicing_snailmail")


def post_init_hook(env):
    if find_spec(FORMER):
        from odoo.addons.einvoice_receivables.split import restore

        restore(env)
