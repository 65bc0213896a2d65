"""Real transactions for the automatic sending tests: cursors of their own that really commit."""

from odoo import SUPERUSER_ID, api
from odoo.api import Transaction


class WorkerEnvMixin:
    """For TransactionCase: `with self._worker_env() as env:` runs like a cron worker's transaction."""

    def _worker_env(self):
        """A cursor of its own, like a cron worker's; commits when the block ends without error."""
        registry = self.env.registry

        class WorkerEnv:
            def __enter__(self):
                self.cr = registry.cursor()
                # Bound to the loaded registry: looking it up by name waits for the test run to end.
                self.cr.transaction = Transaction(registry)
                return api.Environment(self.cr, SUPERUSER_ID, {})

            def __exit__(self, exc_type, *args):
                if exc_type is None:
                    # A worker is a transaction of its own, as a cron worker's: it commits.
                    self.cr.commit()  # pylint: disable=invalid-commit
                self.cr.close()

        return WorkerEnv()
