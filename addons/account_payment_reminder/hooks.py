"""Payment reminders were part of einvoice_receivables before they became this add-on: installed on
a database that had it, this add-on takes over their records (einvoice_receivables/split.py)."""

import importlib.util
from pathlib import Path

from odoo.modules.module import get_module_path

RENAMED_PARAMETERS = {"einvoice_receivables.payment_reminder_batch_size": "account_payment_reminder.batch_size"}


def pre_init_hook(env):
    split = _former_add_on_split()
    if split:
        split.claim(env, "account_payment_reminder", RENAMED_PARAMETERS)


def post_init_hook(env):
    split = _former_add_on_split()
    if split:
        split.restore(env)


def _former_add_on_split():
    """einvoice_receivables' split module, read from its folder: that add-on is not a dependency."""
    folder = get_module_path("einvoice_receivables", display_warning=False)
    if not folder:
        return None
    spec = importlib.util.spec_from_file_location("einvoice_receivables_split", Path(folder) / "split.py")
    split = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(split)
    return split
