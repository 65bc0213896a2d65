from odoo import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestMassInvoiceTour(HttpCase):
    """In a real browser: a run from its recipients (tags in and out) through the delivery chain, the
    document and the summary, run, then its outcome per recipient and the overview of all runs."""

    def test_run_from_recipients_to_the_overview(self):
        company = self.env.ref("base.main_company")
        if not company.chart_template:
            self.env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        members, honorary = self.env["res.partner.category"].create(
            [{"name": "Tour Members"}, {"name": "Tour Honorary"}]
        )
        club = self.env["res.partner"].create(
            {
                "name": "Tour Club",
                "is_company": True,
                "email": "club@tour.example",
                "category_id": [Command.set(members.ids)],
            }
        )
        treasurer = self.env["res.partner"].create(
            {"name": "Tour Club Treasurer", "parent_id": club.id, "category_id": [Command.set(members.ids)]}
        )
        member = self.env["res.partner"].create({"name": "Tour Member Two", "category_id": [Command.set(members.ids)]})
        self.env["res.partner"].create(
            {"name": "Tour Honorary Member", "category_id": [Command.set((members | honorary).ids)]}
        )

        self.start_tour("/odoo", "mass_invoice_tour", login="admin")

        run = self.env["mass.invoice.run"].search([("name", "=", "Tour membership fee")])
        self.assertEqual(run.state, "done")
        self.assertEqual(
            run._mass_invoice_chain(), ["post", "email", "draft"], "the chain as rearranged by the drag handle"
        )
        by_customer = {r.partner_id: r for r in run.recipient_ids}
        self.assertEqual(set(by_customer), {club, member}, "the club once (not its contact), the honorary left out")
        self.assertNotIn(treasurer, by_customer)
        self.assertEqual(
            (by_customer[club].state, by_customer[club].delivered_method), ("delivered", "email"), "post failed first"
        )
        self.assertEqual(by_customer[club].attempt_ids.mapped("method")[:1], ["post"])
        self.assertEqual(by_customer[club].move_id.state, "posted")
        self.assertEqual((by_customer[member].state, by_customer[member].move_id.state), ("draft", "draft"))
        self.assertEqual(run.recipient_ids.move_id.mapped("amount_total"), [300.0, 300.0])
