from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestMassInvoiceTour(HttpCase):
    def test_run_from_recipients_to_the_overview(self):
        company = self.env.ref("base.main_company")
        if not company.chart_template:
            self.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        tag = self.env["res.partner.category"].create({"name": "Tour Members"})
        self.env["res.partner"].create(
            [{"name": f"Tour member {n}", "category_id": [Command.set(tag.ids)]} for n in range(2)]
        )
        self.start_tour("/odoo/action-account.action_move_out_invoice_type", "mass_invoice_tour", login="admin")
        run = self.env["mass.invoice.run"].search([("name", "=", "Tour membership fee")])
        self.assertEqual(run.state, "done")
        self.assertEqual(run.recipient_ids.mapped("state"), ["draft", "draft"])
        self.assertEqual(run.recipient_ids.move_id.mapped("amount_untaxed"), [300.0, 300.0])
