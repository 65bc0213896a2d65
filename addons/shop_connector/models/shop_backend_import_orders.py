# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import models

ORDER_WINDOW = 200  # shop order ids per orders_export request (and per commit of the cron)


class ShopBackend(models.Model):
    """The import of orders: windows of shop order ids, claimed by the run's workers, each
    imported and committed together."""

    _inherit = "shop.backend"

    def _shop_import_orders(self, client, cache, state):
        # Orders that failed before come first, each on its own.
        for kind, external_id in list(state["failures"]):
            if kind == "order" and external_id.isdigit():
                self._shop_import_order_window(
                    list(client.iter_orders(int(external_id), int(external_id))), state, cache
                )
        run = state["run"]
        run.write({"order_phase": True, "order_start": max(1, self.last_order_id + 1 - self.recheck_orders)})
        self._shop_commit(state, relock=False)
        self._shop_import_windows(client, cache, state)
        Window = self.env["shop.import.window"]
        Window._shop_close(run)
        self._shop_commit(state)
        Window._shop_wait_for_workers(run)
        self._shop_commit(state)
        for window in Window._shop_left_undone(run):
            # Its worker died before committing it.
            self._shop_import_window_orders(client, cache, state, window)
            self._shop_commit(state)
        self.last_order_id = max(self.last_order_id, Window._shop_read_up_to(run))

    def _shop_import_windows(self, client, cache, state):
        """Claim windows of order ids and import them, committing each, until the shop has no order
        after them; returns how many windows this worker imported."""
        Window = self.env["shop.import.window"]
        imported, after = 0, 0
        while True:
            window = Window._shop_claim(state["lead_run"], ORDER_WINDOW, state["commit"], after)
            if window is None:
                return imported
            if not window:
                continue
            if state["lead"] and state["commit"]:
                self._shop_relock()
            imported += 1
            records = self._shop_import_window_orders(client, cache, state, window)
            if imported == 1 and state["lead"] and state["commit"]:
                # Helpers join once the first window is in: its orders named the shipping methods
                # (records that both workers would otherwise change at once).
                self._shop_wake_helpers()
            window_end = window.order_to
            self._shop_commit(state, relock=False)  # nothing read until the next claim
            self._shop_retry_conflicts(cache, state)
            if not records:
                # Ids have gaps (deleted orders): ask for the next order after the window, reading
                # only its first record.
                following = next(iter(client.iter_orders(window_end + 1)), None)
                if following is None:
                    return imported
                after = following["id"]

    def _shop_retry_conflicts(self, cache, state):
        """Orders that failed on a record another worker of the run changed since the window's
        transaction began (REPEATABLE READ): once more, in a transaction that sees the change."""
        records, state["conflicts"] = state["conflicts"], []
        if records:
            for record in records:
                state["done"].discard(("order", str(record["id"])))
            self._shop_import_order_window(records, state, cache)
            self._shop_commit(state, relock=False)

    def _shop_import_window_orders(self, client, cache, state, window):
        records = list(client.iter_orders(window.order_from, window.order_to))
        self._shop_import_order_window(records, state, cache)
        window._shop_done(records)
        if state["lead"]:
            self.last_order_id = max(self.last_order_id, window._shop_read_up_to(state["run"]))
        return records

    def _shop_import_order_window(self, records, state, cache):
        """Orders of one request: each prepared on its own (partners, addresses, refusals), the new
        ones created together (much faster than one by one), then each checked and confirmed."""
        SaleOrder = self.env["sale.order"].with_context(active_test=False)
        importer = self.env["shop.importer.order"]
        cache.orders = {
            order.shop_order_id: order
            for order in SaleOrder.search(
                [("shop_backend_id", "=", self.id), ("shop_order_id", "in", [r["id"] for r in records])]
            )
        }
        pending = []
        for record in records:
            result = self._shop_import_one(state, "order", record, "shop.importer.order", "_prepare_order", cache)
            if isinstance(result, dict):
                pending.append((record, result))
        if not pending:
            return
        created = None
        try:
            with self.env.cr.savepoint():
                created = SaleOrder.create([vals for _record, vals in pending])
        except Exception:  # pylint: disable=broad-except
            # Retried one by one below, where the bad order is logged alone.
            self.env.invalidate_all()
        finished = None
        if created is not None:
            # The checks and steps of the whole window in one savepoint too; when one fails, each
            # order again on its own below.
            try:
                with self.env.cr.savepoint():
                    finished = [
                        importer._finish_order(self, order, record)
                        for order, (record, _vals) in zip(created, pending, strict=True)
                    ]
            except Exception:  # pylint: disable=broad-except
                self.env.invalidate_all()
        kept = []
        for index, (record, vals) in enumerate(pending):
            if created is not None:
                order = created[index]
            else:
                order = self._shop_guarded(state, "order", record, cache, lambda v=vals: SaleOrder.create(v))
                if not order:
                    continue
            if finished:
                result = finished[index]
            else:
                result = self._shop_guarded(state, "order", record, cache, importer._finish_order, self, order, record)
            if result:
                self._shop_succeeded(state, "order", record, result)
                kept.append(order.id)
            else:
                # Not checked or not confirmed: the next run must see it as new, not as unchanged.
                order.unlink()
        self._shop_log_imported(SaleOrder.browse(kept))

    def _shop_log_imported(self, orders):
        """One message per new order saying where it came from (the import creates orders without
        Odoo's own creation message), logged for the whole window at once."""
        if orders:
            orders._message_log_batch(
                bodies={
                    order.id: self.env._(
                        "Imported from the shop %(shop)s (order %(id)s).",
                        shop=order.shop_domain_id.name or self.name,
                        id=order.shop_order_id,
                    )
                    for order in orders
                }
            )
