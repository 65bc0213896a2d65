from odoo import Command
from odoo.addons.account_mass_invoicing.tests.common import MassInvoiceCommon
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestMassInvoicePostPlan(MassInvoiceCommon):
    def test_a_recipient_ending_as_a_draft_says_why(self):
        run = self._run(
            include_category_ids=[Command.set(self.members.ids)],
            delivery_method_ids=[
                Command.clear(),
                Command.create({"method": "post", "sequence": 1}),
                Command.create({"method": "draft", "sequence": 2}),
            ],
        )
        run.action_run()
        self.env["mass.invoice.run"]._mass_invoice_process_batch(run_ids=run.ids)
        anna = run.recipient_ids.filtered(lambda r: r.partner_id == self.anna)
        self.assertEqual(anna.state, "draft")
        self.assertIn("no complete postal address", anna.last_error)

    def test_the_summary_counts_the_customers_without_a_postal_address(self):
        self.anna.write(
            {"street": "Storgata 2", "zip": "0155", "city": "Oslo", "country_id": self.env.ref("base.no").id}
        )
        run = self._run()
        self.assertEqual(run.preview_count, 4)
        self.assertEqual(run.summary_no_address_count, 3, "Bjørn, Carl and the sponsor have none")
