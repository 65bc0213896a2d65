"""Browser tests of the mass invoicing run form: a club and its members in the test's transaction, the
scheduled action's work while a form is open, and screenshots taken when a tour asks for them.

The scheduled action runs in a thread of its own here, on the test's cursor (Odoo's HTTP server in tests
shares it). Its bus messages are written as when it commits; PostgreSQL's NOTIFY that tells the websockets
cannot leave the test's transaction, so the thread then wakes them as Odoo's bus tests do
(``WebsocketCase.trigger_notification_dispatching``).
"""

import contextlib
import re
import threading
import time
from unittest.mock import patch

from odoo import SUPERUSER_ID, Command, api
from odoo.addons.bus.models.bus import channel_with_db, dispatch, hashable
from odoo.tests.common import ChromeBrowser

SCREENSHOT = re.compile(r"^account_mass_invoicing screenshot (\w+)$")


def chart_of_accounts(env):
    company = env.ref("base.main_company")
    if not company.chart_template:
        env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
    return company


def members(env, tag_name, *vals_list):
    """Customers carrying a new tag of that name; returns (tag, customers)."""
    tag = env["res.partner.category"].create({"name": tag_name})
    customers = env["res.partner"].create(
        [{"customer_rank": 1, "category_id": [Command.set(tag.ids)], **vals} for vals in vals_list]
    )
    return tag, customers


def club_run(env, tag, **values):
    """A draft run of one line (a 300 membership fee) for the customers of `tag`."""
    return env["mass.invoice.run"].create(
        {
            "name": "Medlemskontingent 2027",
            "include_category_ids": [Command.set(tag.ids)],
            "line_ids": [Command.create({"name": "Medlemskontingent", "quantity": 1, "price_unit": 300.0})],
            **values,
        }
    )


class WorkerWhenFormListens(threading.Thread):
    """The scheduled action's work on a run, once an open form has subscribed to the run's progress (and a
    moment later, so that the form showed the run as it was). Join it to get its error, if any."""

    def __init__(self, case, run, wait=30, settle=1.5):
        super().__init__(name="mass-invoice-form-worker", daemon=True)
        self.case, self.run_id, self.wait, self.settle = case, run.id, wait, settle
        self.channel = hashable(channel_with_db(case.registry.db_name, run))
        self.error = None
        self.processed = None

    def run(self):
        try:
            deadline = time.monotonic() + self.wait
            while not dispatch._channels_to_ws.get(self.channel):
                if time.monotonic() > deadline:
                    raise TimeoutError("no open form subscribed to the run's progress")
                time.sleep(0.2)
            time.sleep(self.settle)
            with self.case.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                self.processed = env["mass.invoice.run"]._mass_invoice_process_batch(run_ids=[self.run_id])
                cr.flush()  # the bus messages, written as the commit writes them
            for websocket in dispatch._channels_to_ws.get(self.channel, ()):
                websocket.trigger_notification_dispatching()
        except Exception as error:  # handed to the test thread
            self.error = error

    def result(self, timeout=90):
        self.join(timeout)
        if self.error:
            raise self.error
        return self.processed


@contextlib.contextmanager
def screenshots_on_request():
    """A tour step that logs "account_mass_invoicing screenshot <name>" gets a screenshot of the browser, saved
    where Odoo saves a failed tour's (``--screenshots``, /tmp/odoo_tests by default) and logged with its path."""
    original = ChromeBrowser._handle_console

    def handle_console(browser, type, args=None, stackTrace=None, **kw):
        text = str(browser._from_remoteobject(args[0])) if args else ""
        if match := SCREENSHOT.match(text):
            # Asked only: Chrome answers on this very thread, so the tour step waits a moment for it.
            browser.take_screenshot(prefix=f"{match[1]}_")
            return None
        return original(browser, type, args=args, stackTrace=stackTrace, **kw)

    with patch.object(ChromeBrowser, "_handle_console", handle_console):
        yield
