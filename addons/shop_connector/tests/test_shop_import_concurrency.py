"""Two imports at once (the cron and the button), and a second worker helping a scheduled run,
in real concurrent transactions: each shop order is imported once."""

import threading
import time
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from ..models.shop_import_window import CLAIM_LOCK
from .common import WorkerEnvMixin, ensure_chart, make_backend, make_taxes
from .shop_server import ShopServer


@tagged("post_install", "-at_install")
class TestShopImportConcurrency(WorkerEnvMixin, TransactionCase):
    def setUp(self):
        super().setUp()
        self.shop = ShopServer()
        self.shop.__enter__()
        self.addCleanup(self.shop.__exit__)
        with self._worker_env() as env:
            ensure_chart(env)
            taxes = make_taxes(env, env.company)
            backend = make_backend(env, self.shop.url, taxes, name="Concurrent shop")
            # Quotations only: the committed data must be removable again after the test.
            backend.status_ids.step = "quotation"
            self.backend_id, self.tax_ids, self.pricelist_id = (
                backend.id,
                [t.id for t in taxes.values()],
                backend.pricelist_id.id,
            )
        self.addCleanup(self._remove_data)

    def _remove_data(self):
        with self._worker_env() as env:
            backend = env["shop.backend"].browse(self.backend_id)
            orders = env["sale.order"].search([("shop_backend_id", "=", backend.id)])
            partners = env["shop.partner.binding"].search([("backend_id", "=", backend.id)]).partner_id
            products = env["shop.product.binding"].search([("backend_id", "=", backend.id)]).product_id
            carriers = env["shop.carrier.binding"].search([("backend_id", "=", backend.id)]).carrier_id
            orders.unlink()
            backend.unlink()
            carrier_products = carriers.product_id
            carriers.unlink()
            (products | carrier_products).unlink()
            partners.filtered(lambda p: p.parent_id).unlink()
            partners.exists().unlink()
            env["account.tax"].browse(self.tax_ids).unlink()
            env["product.pricelist"].browse(self.pricelist_id).unlink()

    def _orders(self):
        with self._worker_env() as env:
            return env["sale.order"].search([("shop_backend_id", "=", self.backend_id)]).mapped("shop_order_id")

    def test_button_during_a_cron_run_steps_aside_and_each_order_is_imported_once(self):
        outcome = {}

        def button():
            with self._worker_env() as env:
                env.cr.execute("SET LOCAL lock_timeout = '5s'")
                outcome["run"] = env["shop.backend"].browse(self.backend_id)._shop_import("manual")

        with self._worker_env() as env_cron:
            backend = env_cron["shop.backend"].browse(self.backend_id)
            self.assertTrue(backend._shop_claim(), "the cron holds the shop")
            thread = threading.Thread(target=button)
            thread.start()
            thread.join(timeout=60)
            self.assertFalse(thread.is_alive())
            self.assertIsNone(outcome["run"], "the second import found the shop busy")
            run = backend._shop_import("cron")
            self.assertEqual(run.order_created, 5)

        with self._worker_env() as env:  # the next button press imports nothing new
            run = env["shop.backend"].browse(self.backend_id)._shop_import("manual")
            self.assertEqual(run.order_created, 0)
        self.assertEqual(sorted(self._orders()), [1, 2, 3, 4, 5])

    def test_two_imports_started_together_import_each_order_once(self):
        barrier = threading.Barrier(2)
        runs = []

        def worker():
            threading.current_thread().testing = True
            with self._worker_env() as env:
                env.cr.execute("SET LOCAL lock_timeout = '5s'")
                barrier.wait()
                runs.append(env["shop.backend"].browse(self.backend_id)._shop_import("cron"))

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertEqual(sum(1 for run in runs if run is None), 1, "one of them found the shop busy")
        self.assertEqual(sorted(self._orders()), [1, 2, 3, 4, 5])

    def test_a_second_worker_imports_windows_beside_the_leader_and_each_order_once(self):
        Backend = type(self.env["shop.backend"])
        import_window = Backend._shop_import_order_window
        helped, runs = {}, []

        def slow_window(backend, records, state, cache):
            time.sleep(0.3)  # both workers take a while per window: they take turns claiming
            return import_window(backend, records, state, cache)

        def leader():
            threading.current_thread().testing = True
            with self._worker_env() as env:
                runs.append(env["shop.backend"].browse(self.backend_id)._shop_import("cron", commit=True))

        def helper():
            threading.current_thread().testing = True
            with self._worker_env() as env:
                backend = env["shop.backend"].browse(self.backend_id)
                deadline = time.monotonic() + 60
                open_runs = [
                    ("backend_id", "=", self.backend_id),
                    ("order_phase", "=", True),
                    ("window_ids.done", "=", True),
                ]
                while not env["shop.import.run"].search_count(open_runs) and time.monotonic() < deadline:
                    env.cr.rollback()  # a new snapshot: Odoo's transactions are REPEATABLE READ
                    time.sleep(0.05)
                try:
                    helped["windows"] = backend._shop_help()
                except Exception as exc:  # pylint: disable=broad-except
                    helped["error"] = repr(exc)  # shown by the assertion below

        with (
            patch("odoo.addons.shop_connector.models.shop_backend_import_orders.ORDER_WINDOW", 1),
            patch.object(Backend, "_shop_import_order_window", slow_window),
            mute_logger("odoo.sql_db"),  # a record both workers change: the later one's query fails, then is retried
        ):
            threads = [threading.Thread(target=leader), threading.Thread(target=helper)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
        self.assertGreater(helped.get("windows", 0), 0, f"the second worker imported windows: {helped}")
        self.assertEqual(sorted(self._orders()), [1, 2, 3, 4, 5])
        with self._worker_env() as env:
            lead = env["shop.import.run"].browse(runs[0].id)
            helper = env["shop.import.run"].search([("lead_run_id", "=", lead.id)])
            self.assertEqual((lead.state, lead.order_phase, helper.state), ("done", False, "done"))
            self.assertEqual(lead.order_created + helper.order_created, 5)
            self.assertTrue(all(lead.window_ids.mapped("done")))
            self.assertEqual(env["shop.backend"].browse(self.backend_id).last_order_id, 5)

    def test_an_order_failing_on_a_record_the_other_worker_changed_is_imported_after_the_commit(self):
        orders, self.shop.orders = self.shop.orders, {}
        with self._worker_env() as env:  # shipping methods, customers and products, no order yet
            env["shop.backend"].browse(self.backend_id)._shop_import("manual")
        self.shop.orders = orders
        with self._worker_env() as env:
            lead = env["shop.import.run"].create(
                {"backend_id": self.backend_id, "trigger": "cron", "order_phase": True, "order_start": 1}
            )
            env["shop.import.window"].create({"run_id": lead.id, "order_from": 0, "order_to": 0, "done": True})
        Backend = type(self.env["shop.backend"])
        import_window = Backend._shop_import_order_window
        renamed = []

        def other_worker_renames_the_shipping_methods_first(backend, records, state, cache):
            if not renamed:
                # After this worker's transaction began: it still sees the shipping methods
                # named after their modules, and renames them too.
                with self._worker_env() as env:
                    carriers = env["shop.carrier.binding"].search([("backend_id", "=", self.backend_id)]).carrier_id
                    carriers.product_id.name = "Versand (other worker)"
                    carriers.name = "Versand (other worker)"
                renamed.append(True)
            return import_window(backend, records, state, cache)

        with (
            patch("odoo.addons.shop_connector.models.shop_backend_import_orders.ORDER_WINDOW", 5),
            patch.object(Backend, "_shop_import_order_window", other_worker_renames_the_shipping_methods_first),
            mute_logger("odoo.sql_db", "odoo.addons.shop_connector.models.shop_backend_import"),
            self._worker_env() as env,
        ):
            env["shop.backend"].browse(self.backend_id)._shop_help()
        self.assertEqual(sorted(self._orders()), [1, 2, 3, 4, 5])
        with self._worker_env() as env:
            helper = env["shop.import.run"].search([("backend_id", "=", self.backend_id), ("trigger", "=", "helper")])
            self.assertTrue(helper.failure_ids, "an order failed on the renamed shipping method first")
            self.assertEqual(set(helper.failure_ids.mapped("state")), {"done"})
            self.assertEqual((helper.state, helper.order_created), ("done", 5))

    def test_a_claim_waiting_for_another_one_takes_the_window_after_it(self):
        with self._worker_env() as env:
            run_id = (
                env["shop.import.run"]
                .create({"backend_id": self.backend_id, "trigger": "cron", "order_phase": True, "order_start": 1})
                .id
            )
        claimed = {}

        def second_claim():
            with self._worker_env() as env:
                window = env["shop.import.window"]._shop_claim(env["shop.import.run"].browse(run_id), 5, shared=True)
                claimed["window"] = (window.order_from, window.order_to)

        with self._worker_env() as env:  # a first claim in progress: it holds the run's claim lock
            env.cr.execute(SQL("SELECT pg_advisory_xact_lock(%s, %s)", CLAIM_LOCK, run_id))
            thread = threading.Thread(target=second_claim)
            thread.start()
            time.sleep(0.5)  # the second claim waits for the lock
            env["shop.import.window"].create({"run_id": run_id, "order_from": 1, "order_to": 5})
        thread.join(timeout=30)
        self.assertEqual(claimed.get("window"), (6, 10))
