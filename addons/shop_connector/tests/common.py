"""Shared set-up: the fixture shop on 127.0.0.1, a company with German VAT taxes, and a shop
backend mapping the shop's rates (19 %, 7 %, 0 %) to them."""

import contextlib

from odoo import SUPERUSER_ID, Command, api
from odoo.api import Transaction
from odoo.tests import TransactionCase

from .shop_server import PASSWORD, USER, ShopServer, fixture, renumbered, split_records


def make_taxes(env, company):
    """Net (price-excluded) and gross (price-included) sales taxes per rate."""
    taxes = {}
    for rate in (19.0, 7.0, 0.0):
        for included in (False, True):
            taxes[(rate, included)] = env["account.tax"].create(
                {
                    "name": f"Shop test VAT {rate:g}% {'incl.' if included else 'excl.'}",
                    "amount": rate,
                    "amount_type": "percent",
                    "type_tax_use": "sale",
                    "company_id": company.id,
                    "price_include_override": "tax_included" if included else "tax_excluded",
                }
            )
    return taxes


def make_backend(env, url, taxes, **values):
    eur = env.ref("base.EUR")
    eur.active = True
    pricelist = env["product.pricelist"].create({"name": "Shop EUR", "currency_id": eur.id})
    return env["shop.backend"].create(
        {
            "name": "Testladen",
            "url": url,
            "cao_user": USER,
            "cao_password": PASSWORD,
            "pricelist_id": pricelist.id,
            "tax_map_ids": [
                Command.create(
                    {"rate": rate, "tax_id": taxes[(rate, False)].id, "tax_gross_id": taxes[(rate, True)].id}
                )
                for rate in (19.0, 7.0, 0.0)
            ],
            **values,
        }
    )


def ensure_chart(env):
    company = env.company
    if not company.chart_template:
        env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)


class ShopCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ensure_chart(cls.env)
        cls.taxes = make_taxes(cls.env, cls.env.company)

    def setUp(self):
        super().setUp()
        self.shop = ShopServer()
        self.shop.__enter__()
        self.addCleanup(self.shop.__exit__)
        self.backend = make_backend(self.env, self.shop.url, self.taxes)

    def serve_recorded_orders(self, fixture_name, first_id):
        """Serve the orders of a fixture file as the shop's orders first_id, first_id + 1, ..."""
        records = split_records(fixture(fixture_name), "ORDER_INFO")
        self.shop.orders = {first_id + n: renumbered(record, first_id + n) for n, record in enumerate(records)}

    def product_lines(self, order, xmlid):
        """The order's lines of one product (a shop adjustment, voucher...), in their order."""
        product = self.env.ref(xmlid)
        return order.order_line.filtered(lambda line: line.product_id == product).sorted("sequence")

    def shop_orders(self, backend=None):
        return self.env["sale.order"].search(
            [("shop_backend_id", "=", (backend or self.backend).id)], order="shop_order_id"
        )

    def partner_links(self, kind=None):
        domain = [("backend_id", "=", self.backend.id)] + ([("kind", "=", kind)] if kind else [])
        return self.env["shop.partner.binding"].search(domain)


class WorkerEnvMixin:
    """For TransactionCase: imports in real, committed transactions, as the cron and the button run them."""

    @contextlib.contextmanager
    def _worker_env(self):
        """A cursor of its own, like the cron's or a user's request; Odoo's cursor commits when the block ends."""
        with self.registry.cursor() as cr:
            cr.transaction = Transaction(self.registry)  # a lookup by name would wait for the test run to end
            yield api.Environment(cr, SUPERUSER_ID, {})
