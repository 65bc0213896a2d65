"""Real transactions for the automatic sending tests: cursors of their own that really commit."""

import contextlib

from odoo import SUPERUSER_ID, api
from odoo.api import Transaction


class WorkerEnvMixin:
    """For TransactionCase: `with self._worker_env() as env:` runs like a cron worker's transaction."""

    @contextlib.contextmanager
    def _worker_env(self):
        """A cursor of its own: Odoo's cursor commits when the block ends without error, then closes."""
        with self.registry.cursor() as cr:
            cr.transaction = Transaction(self.registry)  # a lookup by name would wait for the test run to end
            yield api.Environment(cr, SUPERUSER_ID, {})

    def _worker_company(self, env):
        """The main company, with a chart of accounts: committed data of these tests are made in it."""
        company = env.ref("base.main_company")
        if not company.chart_template:
            env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        return company
