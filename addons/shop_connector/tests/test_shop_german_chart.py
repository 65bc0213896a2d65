"""A first import into a fresh German company (Odoo's l10n_de chart SKR03 or SKR04, with its VAT
check base_vat): the taxes the shop's gross-price orders need are proposed and created, and a
VAT number Odoo refuses never loses the order or the customer.

Needs l10n_de in the database: `scripts/test --also-install l10n_de --tags
/shop_connector:TestShopGermanChart` (as .ci/run does); skipped, with that reason, elsewhere."""

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import ShopCase, make_backend


@tagged("post_install", "-at_install")
class TestShopGermanChart(ShopCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.german = cls.env["ir.module.module"]._get("l10n_de").state == "installed"
        if not cls.german:
            return
        cls.company_de = cls.env["res.company"].create(
            {"name": "Shop DE GmbH", "country_id": cls.env.ref("base.de").id}
        )
        cls.env.user.company_ids |= cls.company_de
        cls.env["account.chart.template"].try_loading("de_skr03", cls.company_de, install_demo=False)

    def setUp(self):
        super().setUp()
        if not self.german:
            self.skipTest(
                "the German chart (l10n_de) is not installed in this database: run scripts/test "
                "--also-install l10n_de --tags /shop_connector:TestShopGermanChart"
            )
        self.env = self.env(context=dict(self.env.context, allowed_company_ids=[self.company_de.id]))
        self.backend = make_backend(self.env, self.shop.url, self.taxes, company_id=self.company_de.id, tax_map_ids=[])

    def test_first_import_on_a_german_chart_after_the_owner_confirms_the_gross_price_taxes(self):
        fill = self.backend.action_fill_tax_map()
        self.assertEqual(fill["params"]["type"], "warning")
        self.assertIn("no price-included taxes of 0 %, 7 %, 19 %", fill["params"]["message"])
        self.assertEqual(self.backend.tax_map_ids.mapped("rate"), [0.0, 7.0, 19.0])
        self.assertFalse(self.backend.tax_map_ids.tax_gross_id, "nothing created before the owner confirms")

        done = self.backend.action_shop_create_gross_taxes()
        self.assertIn("Created and mapped these price-included taxes", done["params"]["message"])
        for line in self.backend.tax_map_ids:
            gross, net = line.tax_gross_id, line.tax_id
            self.assertTrue(gross.price_include, line.rate)
            self.assertEqual((gross.amount, gross.company_id), (line.rate, self.company_de))
            self.assertEqual(gross.tax_group_id, net.tax_group_id)
            self.assertEqual(
                gross.invoice_repartition_line_ids.mapped("account_id"),
                net.invoice_repartition_line_ids.mapped("account_id"),
                "booked on the chart's VAT accounts",
            )
            self.assertEqual(
                gross.invoice_repartition_line_ids.tag_ids, net.invoice_repartition_line_ids.tag_ids, "same tax grids"
            )
        self.assertFalse(self.backend.shop_gross_taxes_missing)

        run = self.backend._shop_import("manual")
        self.assertEqual(run.state, "done", run.failure_ids.mapped("reason"))
        orders = self.shop_orders()
        self.assertEqual(len(orders), 5)
        self.assertEqual(orders.mapped("state"), ["sale"] * 5)
        self.assertEqual(orders[0].amount_total, 134.42)
        self.assertTrue(orders[0].order_line[0].tax_id.price_include)

    def test_skr04_company_gets_its_gross_price_taxes_the_same_way(self):
        company = self.env["res.company"].create({"name": "Shop SKR04 GmbH", "country_id": self.env.ref("base.de").id})
        self.env.user.company_ids |= company
        self.env["account.chart.template"].try_loading("de_skr04", company, install_demo=False)
        env = self.env(context=dict(self.env.context, allowed_company_ids=[company.id]))
        backend = make_backend(env, self.shop.url, self.taxes, name="SKR04", company_id=company.id, tax_map_ids=[])
        self.assertEqual(backend.action_fill_tax_map()["params"]["type"], "warning")
        backend.action_shop_create_gross_taxes()
        self.assertFalse(backend.shop_gross_taxes_missing)
        for line in backend.tax_map_ids:
            self.assertEqual((line.tax_gross_id.company_id, line.tax_gross_id.price_include), (company, True))
            self.assertEqual(
                line.tax_gross_id.invoice_repartition_line_ids.account_id,
                line.tax_id.invoice_repartition_line_ids.account_id,
            )

    def test_customer_with_a_vat_number_odoo_refuses_comes_in_with_its_order_for_review(self):
        self.backend.action_fill_tax_map()
        self.backend.action_shop_create_gross_taxes()
        # The shop took DE123456789 by its length; Odoo's check (base_vat) refuses it.
        run = self.backend._shop_import("manual")
        self.assertEqual(run.state, "done", run.failure_ids.mapped("reason"))
        mueller = self.shop_orders()[1]
        customer = mueller.partner_id
        self.assertEqual((customer.name, customer.vat), ("Müller & Söhne Bürobedarf GmbH", False))
        self.assertEqual(customer.shop_vat_refused, "DE123456789")
        self.assertEqual(mueller.state, "sale")
        self.assertIn("Odoo's VAT check refused the VAT number DE123456789", customer.shop_review)
        self.assertEqual(mueller.shop_review, customer.shop_review)
        differences = safe_eval(self.env.ref("shop_connector.action_shop_order_exceptions").domain)
        self.assertEqual(self.env["sale.order"].search(differences), mueller, "listed with the webshop differences")

        # The owner enters the correct number: the review is done, the list is empty.
        customer.vat = "DE811569869"
        self.assertFalse(mueller.shop_review)
        self.assertFalse(self.env["sale.order"].search(differences))

        # The customer changes its phone number in the shop: the import keeps the user's VAT number.
        self.shop.customers = [c.replace("089 7654321", "089 7654322") for c in self.shop.customers]
        self.backend._shop_import("manual")
        self.assertEqual((customer.phone, customer.vat), ("+49 89 7654322", "DE811569869"))
