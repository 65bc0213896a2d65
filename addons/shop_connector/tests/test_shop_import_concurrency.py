"""Two imports at once (the cron and the button), in real concurrent transactions: each shop
order is imported once."""

import threading

from odoo import SUPERUSER_ID, api
from odoo.api import Transaction
from odoo.tests import TransactionCase, tagged

from .common import ensure_chart, make_backend, make_taxes
from .shop_server import ShopServer


@tagged("post_install", "-at_install")
class TestShopImportConcurrency(TransactionCase):
    def setUp(self):
        super().setUp()
        self.registry = self.env.registry
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

    def _worker_env(self):
        """A cursor of its own, like a cron worker's; commits when the block ends without error."""
        registry = self.registry

        class WorkerEnv:
            def __enter__(self):
                self.cr = registry.cursor()
                self.cr.transaction = Transaction(registry)
                return api.Environment(self.cr, SUPERUSER_ID, {})

            def __exit__(self, exc_type, *args):
                if exc_type is None:
                    self.cr.commit()  # pylint: disable=invalid-commit
                self.cr.close()

        return WorkerEnv()

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
