import contextlib

from odoo import api, fields, models
from odoo.tools import SQL

# Key spaces of advisory locks: the claims of one run's windows, one at a time; a worker importing a window.
CLAIM_LOCK = 0x53484F50  # "SHOP"
WINDOW_LOCK = 0x53484F51


class ShopImportWindow(models.Model):
    """A range of shop order ids that one worker of an import run imports.

    The worker leading a run (it holds the shop's row lock) and the workers helping it (a second
    scheduled action) claim the run's windows one after the other, each claim committed at once so
    that the others see it. A worker holds its window's advisory lock until it commits the window's
    orders together with the window's `done`. Before the run ends, the leader waits for the workers
    still importing a window and imports again the windows of those that died.

    Odoo's transactions are REPEATABLE READ: a worker claims a window between two of its own
    transactions, so that the next one sees the claim.
    """

    _name = "shop.import.window"
    _description = "Webshop Import Order Window"
    _order = "order_from"
    _log_access = False

    run_id = fields.Many2one("shop.import.run", required=True, ondelete="cascade", index=True)
    order_from = fields.Integer(required=True)
    order_to = fields.Integer(required=True)
    done = fields.Boolean(default=False)
    last_id = fields.Integer("Highest Order Id Read")

    _sql_constraints = [
        ("run_from_unique", "UNIQUE(run_id, order_from)", "A window of shop orders is claimed once per run."),
    ]

    @api.model
    def _shop_claim(self, run, size, shared, after=0):
        """The next window of `size` order ids for this worker, from `after` on at least; None once
        the run's order phase is closed; empty when the window could not be taken. Shared runs make
        each claim on a cursor of its own, committed at once."""
        with self._shop_claim_cursor(run, shared) as cr:
            cr.execute(SQL("SELECT order_phase, order_start FROM shop_import_run WHERE id = %s", run.id))
            open_, start = cr.fetchone()
            if not open_:
                return None
            cr.execute(SQL("SELECT MAX(order_to) FROM shop_import_window WHERE run_id = %s", run.id))
            order_from = max(start, (cr.fetchone()[0] or 0) + 1, after)
            cr.execute(
                SQL(
                    """INSERT INTO shop_import_window (run_id, order_from, order_to, done)
                       VALUES (%s, %s, %s, FALSE) RETURNING id""",
                    run.id,
                    order_from,
                    order_from + size - 1,
                )
            )
            window_id = cr.fetchone()[0]
        run.invalidate_recordset(["window_ids"])
        return self._shop_take(window_id)

    @api.model
    def _shop_close(self, run):
        """No more claims once this transaction commits: the workers importing a window finish it."""
        self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s)", CLAIM_LOCK, run.id))
        run.order_phase = False
        run.flush_recordset(["order_phase"])

    @api.model
    def _shop_wait_for_workers(self, run):
        """Wait until no worker imports a window of the run any more (their window locks)."""
        for window_id in self._shop_undone_ids(run):
            self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s)", WINDOW_LOCK, window_id))

    @api.model
    def _shop_left_undone(self, run):
        """The run's windows still not done once its workers have finished: their worker died.
        Taken by this worker."""
        return self.browse([window_id for window_id in self._shop_undone_ids(run) if self._shop_take(window_id)])

    def _shop_take(self, window_id):
        """Take the window's lock for this worker's transaction (empty: another worker has it)."""
        self.env.cr.execute(
            SQL(
                "SELECT pg_try_advisory_xact_lock(%s, id) FROM shop_import_window WHERE id = %s",
                WINDOW_LOCK,
                window_id,
            )
        )
        row = self.env.cr.fetchone()
        if row is None:
            raise RuntimeError(f"window {window_id} was claimed after this transaction began: claim between two")
        return self.browse(window_id if row[0] else ())

    def _shop_done(self, records):
        """Done, with the highest order id its answer held; committed with its orders."""
        self.ensure_one()
        self.write({"done": True, "last_id": max((record["id"] for record in records), default=0)})

    @api.model
    def _shop_read_up_to(self, run):
        """The highest shop order id below which every window of the run is done."""
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT MAX(last_id) FROM shop_import_window done_window
                    WHERE run_id = %(run)s AND done
                      AND NOT EXISTS (SELECT 1 FROM shop_import_window open_window
                                       WHERE open_window.run_id = %(run)s AND open_window.done IS NOT TRUE
                                         AND open_window.order_from < done_window.order_from)""",
                run=run.id,
            )
        )
        return self.env.cr.fetchone()[0] or 0

    @api.model
    def _shop_undone_ids(self, run):
        self.flush_model()
        self.env.cr.execute(
            SQL("SELECT id FROM shop_import_window WHERE run_id = %s AND done IS NOT TRUE ORDER BY order_from", run.id)
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    @contextlib.contextmanager
    def _shop_claim_cursor(self, run, shared):
        """A cursor on which the claims of `run` are made one at a time (an advisory lock on the run)."""
        if shared:
            with self.env.registry.cursor() as cr:  # commits when the block ends
                # READ COMMITTED: after waiting for the lock, the claim sees the claims made meanwhile.
                cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
                cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s)", CLAIM_LOCK, run.id))
                yield cr
        else:
            self.env.flush_all()
            self.env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s)", CLAIM_LOCK, run.id))
            yield self.env.cr
