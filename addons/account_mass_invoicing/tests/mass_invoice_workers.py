"""Separate, committed transactions for the mass invoicing tests, as Odoo's cron workers run them.

The work runs in a thread of its own with its own cursor. Like a cron thread (and unlike the test
thread) it is not marked ``testing``, so Odoo talks to the real servers the tests start: its mail
server sends by SMTP instead of skipping, and ``iap_tools.iap_jsonrpc`` (snailmail) makes its HTTP
call instead of raising "Unavailable during tests". Nothing of Odoo's client is replaced.

Odoo's mail server also refuses to connect while ``odoo.modules.module.current_test`` names the
running test (for every thread): ``send_queued_mails`` clears it while Odoo's mail queue runs, as it
is outside tests, so the emails really reach the SMTP server the test started.
"""

import sys
import threading
import traceback

from odoo import SUPERUSER_ID, api
from odoo.addons.account_invoice_send_owner.tests.smtp_server import outside_test_mode
from odoo.api import Transaction


class Worker:
    """``with Worker(registry) as env:`` a cursor of its own; commits when the block ends without error."""

    def __init__(self, registry):
        self.registry = registry

    def __enter__(self):
        self.cr = self.registry.cursor()
        # Bound to the loaded registry: looking it up by name waits for the test run to end.
        self.cr.transaction = Transaction(self.registry)
        return api.Environment(self.cr, SUPERUSER_ID, {})

    def __exit__(self, exc_type, *args):
        if exc_type is None:
            self.cr.commit()  # pylint: disable=invalid-commit
        self.cr.close()


def send_queued_mails(env):
    """What Odoo's mail cron does: send the queued emails, by SMTP."""
    env.cr.commit()  # pylint: disable=invalid-commit
    with outside_test_mode():
        env["mail.mail"].process_email_queue()


def in_worker_thread(registry, function, timeout=60):
    """function(env) in a worker thread, committed; returns its result, raises its error."""
    outcome = {}

    def run():
        try:
            with Worker(registry) as env:
                outcome["result"] = function(env)
        except Exception as error:  # handed to the test thread
            outcome["error"] = error

    thread = threading.Thread(target=run, name="mass-invoice-worker")
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        stack = "".join(traceback.format_stack(sys._current_frames()[thread.ident]))
        raise TimeoutError(f"the worker did not finish, it is at:\n{stack}")
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")
