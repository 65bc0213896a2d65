# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import logging

import psycopg2
from psycopg2.extensions import TransactionRollbackError

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, split_every

from ..exceptions import ShopRefusal
from ..providers import ShopError
from .shop_import_cache import ImportCache

_logger = logging.getLogger(__name__)

RECORD_BATCH = 200  # customers or products whose new records are created together
# kind -> the importer, its method for one record, for a batch's look-ups, for the batch's creation
BATCH_IMPORTERS = {
    "customer": ("shop.importer.partner", "_import_customer", "_prefetch_customers", "_create_customers"),
    "product": ("shop.importer.product", "_import_product", "_prefetch_products", "_create_products"),
}


class ShopBackend(models.Model):
    """The import: shipping methods, customers, products, then orders from the last imported id.

    Only one import of a shop leads at a time: it holds the backend's row lock (FOR UPDATE SKIP
    LOCKED), so the cron and the button never import the same orders side by side; a second
    import finds the row locked and steps aside. The cron commits after each window of orders
    and takes the lock again; the unique shop order id per backend guards the rest.

    The orders of a scheduled run are imported in windows that other cron workers may claim
    (shop.import.window): a second scheduled action, when active, helps the run in progress.
    """

    _inherit = "shop.backend"

    run_ids = fields.One2many("shop.import.run", "backend_id", "Import Runs")
    failure_ids = fields.One2many(
        "shop.import.failure", "backend_id", "Records to Retry", domain=[("state", "=", "open")]
    )
    run_count = fields.Integer(compute="_compute_import_counts")
    failure_count = fields.Integer("Failed Records", compute="_compute_import_counts")
    order_count = fields.Integer("Orders", compute="_compute_import_counts")
    exception_count = fields.Integer("Orders with Differences", compute="_compute_import_counts")

    def _compute_import_counts(self):
        for backend in self:
            backend.run_count = self.env["shop.import.run"].search_count([("backend_id", "=", backend.id)])
            backend.failure_count = len(backend.failure_ids)
            orders = self.env["sale.order"].with_context(active_test=False)
            backend.order_count = orders.search_count([("shop_backend_id", "=", backend.id)])
            backend.exception_count = orders.search_count(
                [("shop_backend_id", "=", backend.id), ("shop_exception", "!=", False)]
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_import(self):
        self.ensure_one()
        run = self._shop_import("manual")
        if run is None:
            raise UserError(
                self.env._("An import of %s is already running. Try again when it has finished.", self.name)
            )
        if run.state == "failed":
            return self._shop_notify(run.error, "danger")
        return self._shop_notify(
            self.env._(
                "%(shop)s: %(created)s orders imported (%(exceptions)s with differences), %(updated)s "
                "updated, %(failed)s records failed.",
                shop=self.name,
                created=run.order_created,
                exceptions=run.order_exception,
                updated=run.order_updated,
                failed=run.failure_count,
            ),
            "warning" if run.failure_count or run.order_exception else "success",
        )

    def action_view_runs(self):
        return self._shop_action("shop_connector.action_shop_import_run", [("backend_id", "=", self.id)])

    def action_view_failures(self):
        return self._shop_action(
            "shop_connector.action_shop_import_failure", [("backend_id", "=", self.id), ("state", "=", "open")]
        )

    def action_view_orders(self):
        return self._shop_action("sale.action_orders", [("shop_backend_id", "=", self.id)])

    def action_view_exceptions(self):
        return self._shop_action(
            "sale.action_orders", [("shop_backend_id", "=", self.id), ("shop_exception", "!=", False)]
        )

    @api.model
    def _cron_import(self):
        """Import every shop; a shop that another worker imports already gets help with its orders."""
        commit = not self.env.registry.in_test_mode()
        done = 0
        for backend in self.search([("active", "=", True)]):
            run = backend._shop_import("cron", commit=commit)
            if run is None and commit:
                backend._shop_help()
            done += 1
        self.env["ir.cron"]._notify_progress(done=done, remaining=0)

    # ------------------------------------------------------------------
    # The run
    # ------------------------------------------------------------------

    def _shop_import(self, trigger, commit=False):
        """Import everything new or changed; returns the run, or None when another import of this
        shop holds the lock."""
        self.ensure_one()
        # Thousands of records: no field tracking or creation messages (the chatter still gets
        # what matters: differences, status changes from the shop).
        return self.with_context(tracking_disable=True)._shop_import_run(trigger, commit)

    def _shop_help(self):
        """Import windows of orders of the run another worker leads, in a run of this worker's own
        (committing each window); returns how many windows this worker imported."""
        self.ensure_one()
        lead_run = self.env["shop.import.run"].search(
            [
                ("backend_id", "=", self.id),
                ("state", "=", "running"),
                ("order_phase", "=", True),
                ("window_ids.done", "=", True),
            ],
            limit=1,
        )
        if not lead_run:
            return 0
        backend = self.with_context(tracking_disable=True)
        run = self.env["shop.import.run"].create(
            {"backend_id": self.id, "trigger": "helper", "lead_run_id": lead_run.id}
        )
        state = backend._shop_state(run, commit=True, lead=False, lead_run=lead_run)
        cache, client = ImportCache(backend), backend._shop_client()
        # The claims come between two transactions (see shop.import.window).
        self.env.cr.commit()  # pylint: disable=invalid-commit
        try:
            imported = backend._shop_import_windows(client, cache, state)
        except (ShopError, UserError, psycopg2.Error) as exc:
            # The leader reports the shop's errors and imports this worker's window again.
            self.env.cr.rollback()
            run._shop_save_counts(state["counts"])
            run.write({"state": "failed", "error": str(exc), "date_end": fields.Datetime.now()})
            return 0
        run._shop_finish(state["counts"])
        return imported

    def _shop_state(self, run, commit, lead, lead_run=None):
        failures = {
            (f.kind, f.external_id): f
            for f in self.env["shop.import.failure"].search([("backend_id", "=", self.id), ("state", "=", "open")])
        }
        return {
            "run": run,
            "lead_run": lead_run or run,  # the run whose windows this worker claims
            "failures": failures,
            "commit": commit,
            "lead": lead,
            "done": set(),
            "counts": {},
            "conflicts": [],  # orders to try again after the next commit
        }

    def _shop_import_run(self, trigger, commit):
        if not self._shop_claim():
            return None
        self._shop_close_interrupted_runs()
        run = self.env["shop.import.run"].create({"backend_id": self.id, "trigger": trigger})
        state = self._shop_state(run, commit, lead=True)
        try:
            client = self._shop_client()
            cache = ImportCache(self)
            self._shop_import_carriers(client, cache, state)
            self._shop_import_batches(state, "customer", client.iter_customers(), cache)
            self._shop_import_batches(state, "product", client.iter_products(), cache)
            self._shop_commit(state)
            self._shop_import_orders(client, cache, state)
        except ShopError as exc:
            message = self._shop_error_message(exc)
            self._shop_fail_run(state, message)
            self.write({"connection_state": "error", "last_error": message})
            return run
        except UserError as exc:
            self._shop_fail_run(state, exc.args[0])
            return run
        run._shop_finish(state["counts"])
        if self.connection_state != "ok" or self.last_error:
            self.write({"connection_state": "ok", "last_error": False})
        return run

    def _shop_import_batches(self, state, kind, records, cache):
        """Customers or products in batches: each record is prepared on its own (a bad one fails
        alone, with its reason), the new ones of a batch are created together (one create() per
        model instead of one per record). A new record that shares an e-mail, VAT number, SKU or
        EAN with another new one of its batch waits for the batch, then is linked to it."""
        importer_name, method, prefetch, create = BATCH_IMPORTERS[kind]
        importer = self.env[importer_name]
        for batch in split_every(RECORD_BATCH, records, list):
            getattr(importer, prefetch)(self, batch, cache)
            cache.pending = set()
            pending, later = [], []
            for record in batch:
                result = self._shop_import_one(state, kind, record, importer_name, method, cache)
                if isinstance(result, dict):
                    pending.append((record, result))
                elif result == "later":
                    state["done"].discard((kind, str(record["id"])))
                    later.append(record)
            cache.pending = None
            self._shop_create_batch(state, kind, pending, getattr(importer, create), cache)
            for record in later:
                self._shop_import_one(state, kind, record, importer_name, method, cache)

    def _shop_create_batch(self, state, kind, pending, create, cache):
        """Create the new records [(record, vals)] of a batch at once; when that fails, one by one,
        so the bad one fails alone."""
        if not pending:
            return
        results = None
        cache.begin()
        try:
            with self.env.cr.savepoint():
                results = create(self, pending, cache)
        except Exception:  # pylint: disable=broad-except
            # Retried one by one below, where the bad record is logged alone.
            cache.rollback()
            self.env.invalidate_all()
        for index, (record, vals) in enumerate(pending):
            result = (
                results[index]
                if results
                else self._shop_guarded(state, kind, record, cache, create, self, [(record, vals)], cache)
            )
            if result:
                self._shop_succeeded(state, kind, record, result[0] if isinstance(result, list) else result)

    def _shop_import_carriers(self, client, cache, state):
        for module in client.config()["shipping_modules"]:
            module = dict(module, id=module["code"])
            self._shop_import_one(state, "carrier", module, "shop.importer.carrier", "_import_shipping_module", cache)

    def _shop_import_one(self, state, kind, record, importer, method, cache):
        """Import one record in a savepoint: a bad record is logged with its reason and retried by
        the next run; the others go on. A record met twice in a run (a retried order read again
        with the recent ones) is imported once. Returns the importer's result (None: failed)."""
        key = (kind, str(record.get("id")))
        if key in state["done"]:
            return None
        state["done"].add(key)
        result = self._shop_guarded(
            state, kind, record, cache, getattr(self.env[importer], method), self, record, cache
        )
        if isinstance(result, str) and result != "later":
            self._shop_succeeded(state, kind, record, result)
        return result

    def _shop_guarded(self, state, kind, record, cache, func, *args):
        external_id = str(record.get("id"))
        cache.begin()
        try:
            with self.env.cr.savepoint():
                return func(*args)
        except ShopRefusal as exc:
            self._shop_fail(state, kind, external_id, str(exc), cache)
        except (UserError, ValidationError) as exc:
            self._shop_fail(state, kind, external_id, exc.args[0], cache)
        except TransactionRollbackError as exc:
            # Another worker of the run changed a record this one needs: failed until retried.
            self._shop_fail(state, kind, external_id, self.env._("Unexpected error: %s", exc), cache)
            if kind == "order" and state["commit"]:
                state["conflicts"].append(record)
        except Exception as exc:  # pylint: disable=broad-except
            # One broken record must not stop the import.
            _logger.warning("shop %s: %s %s could not be imported", self.id, kind, external_id, exc_info=True)
            self._shop_fail(state, kind, external_id, self.env._("Unexpected error: %s", exc), cache)
        return None

    def _shop_succeeded(self, state, kind, record, result):
        state["run"]._shop_count(state["counts"], kind, result)
        failure = state["failures"].pop((kind, str(record.get("id"))), None)
        if failure:
            failure.state = "done"

    def _shop_fail(self, state, kind, external_id, reason, cache):
        # The savepoint rolled the record back: so go its cached bindings and the ORM's cache.
        cache.rollback()
        self.env.invalidate_all()
        failure = state["failures"].get((kind, external_id))
        if failure:
            failure.write({"reason": reason, "run_id": state["run"].id, "attempts": failure.attempts + 1})
        else:
            state["failures"][(kind, external_id)] = self.env["shop.import.failure"].create(
                {
                    "backend_id": self.id,
                    "run_id": state["run"].id,
                    "kind": kind,
                    "external_id": external_id,
                    "reason": reason,
                }
            )

    def _shop_claim(self):
        """Lock this backend's row for the import, or return False when another import holds it."""
        # NO KEY UPDATE: the helping workers' records refer to the backend (key share locks).
        self.env.cr.execute(SQL("SELECT id FROM shop_backend WHERE id = %s FOR NO KEY UPDATE SKIP LOCKED", self.id))
        return bool(self.env.cr.fetchone())

    def _shop_commit(self, state, relock=True):
        """The cron keeps what it imported so far; then the leader takes the lock again (a button
        import may have started in between: then this one stops, and that one goes on)."""
        if not state["commit"]:
            return
        state["run"]._shop_save_counts(state["counts"])
        # The cron keeps each window it imported.
        self.env.cr.commit()  # pylint: disable=invalid-commit
        if relock and state["lead"]:
            self._shop_relock()

    def _shop_relock(self):
        if not self._shop_claim():
            raise UserError(self.env._("Another import of %s took over.", self.name))

    def _shop_fail_run(self, state, message):
        run = state["run"]
        run._shop_save_counts(state["counts"])
        run.write({"state": "failed", "order_phase": False, "error": message, "date_end": fields.Datetime.now()})

    def _shop_close_interrupted_runs(self):
        """Runs of this shop still marked running lost their leader (a crash): no worker may help them."""
        interrupted = self.env["shop.import.run"].search([("backend_id", "=", self.id), ("state", "=", "running")])
        for run in interrupted:
            self.env["shop.import.window"]._shop_close(run)
        interrupted.write({"state": "failed", "error": self.env._("Interrupted."), "date_end": fields.Datetime.now()})

    def _shop_wake_helpers(self):
        cron = self.env.ref("shop_connector.ir_cron_shop_import_second", raise_if_not_found=False)
        if cron and cron.sudo().active:
            cron.sudo()._trigger()

    def _shop_action(self, xmlid, domain):
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = domain
        action["context"] = {"create": False}
        return action
