from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import MassInvoiceCommon

WARNING = (
    "The run Membership 2027 already invoiced 4 of these recipients with the same lines, dated 01/15/2027: "
    "running this one bills them again."
)


@tagged("post_install", "-at_install")
class TestMassInvoiceRepeatedRun(MassInvoiceCommon):
    """A run that would bill the same members again for the same lines in the same month warns, naming the
    earlier run and how many recipients it already invoiced, and starts only once confirmed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.first = cls._run(
            invoice_date="2027-01-15", delivery_method_ids=[Command.clear(), Command.create({"method": "draft"})]
        )
        cls.first.action_run()
        cls.env["mass.invoice.run"]._mass_invoice_process_batch(run_ids=cls.first.ids)

    def test_a_duplicated_run_warns_and_starts_once_confirmed(self):
        again = self.first.copy()
        self.assertEqual(again.summary_repeat_warning, WARNING)
        with self.assertRaisesRegex(UserError, "already invoiced 4 of these recipients"):
            again.action_run()
        self.assertEqual(again.state, "draft")
        again.with_context(mass_invoice_repeat_confirmed=True).action_run()
        self.assertEqual(again.state, "running")

    def test_a_new_run_with_the_same_lines_for_some_of_the_members_warns(self):
        board = self._run(
            name="Board fee",
            invoice_date="2027-01-31",
            include_category_ids=[Command.set(self.board.ids)],  # Bjørn and the sponsor
        )
        self.assertIn("already invoiced 2 of these recipients", board.summary_repeat_warning)

    def test_another_month_or_other_lines_do_not_warn(self):
        self.assertFalse(self.first.copy({"invoice_date": "2027-02-15"}).summary_repeat_warning)
        other_lines = self.first.copy(
            {"line_ids": [Command.create({"name": "Hall rent", "quantity": 1, "price_unit": 80.0})]}
        )
        self.assertFalse(other_lines.summary_repeat_warning, "a run billing something else")
