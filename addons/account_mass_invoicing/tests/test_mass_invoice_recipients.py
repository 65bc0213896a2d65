from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import MassInvoiceCommon


@tagged("post_install", "-at_install")
class TestMassInvoiceRecipients(MassInvoiceCommon):
    def test_include_exclude_tags_with_overlaps_and_one_invoice_per_customer(self):
        run = self._run(
            include_category_ids=[Command.set((self.members + self.board).ids)],
            exclude_category_ids=[Command.set(self.honorary.ids)],
        )
        # Bjørn is in both included tags, the sponsor's two contacts are in one each: once each.
        # Carl is a member but also honorary: excluded wins.
        self.assertEqual(run.preview_partner_ids, self.anna + self.bjorn + self.firm)
        self.assertEqual(run.preview_count, 3)

        run.action_run()
        self.assertEqual(run.recipient_ids.partner_id, self.anna + self.bjorn + self.firm)
        sponsor = run.recipient_ids.filtered(lambda r: r.partner_id == self.firm)
        self.assertEqual(sponsor.invoice_partner_id, self.firm_billing, "invoiced at the company's invoice address")
        with self.assertRaises(IntegrityError), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.env["mass.invoice.recipient"].sudo().create(
                {"run_id": run.id, "partner_id": self.anna.id, "invoice_partner_id": self.anna.id}
            )

    def test_excluded_company_excludes_its_contacts(self):
        self.firm.category_id = self.honorary
        run = self._run(exclude_category_ids=[Command.set(self.honorary.ids)])
        self.assertEqual(run.preview_partner_ids, self.anna + self.bjorn)

    def test_exclude_wins_when_the_only_matching_contact_carries_both_tags(self):
        """The sponsor itself is untagged; its only contact with an include tag also has the exclude tag."""
        self.firm_contact_2.category_id = False
        self.firm_contact_1.category_id = self.members + self.honorary
        run = self._run(exclude_category_ids=[Command.set(self.honorary.ids)])
        self.assertEqual(run.preview_partner_ids, self.anna + self.bjorn)

    def test_a_copy_is_named_as_a_copy(self):
        run = self._run()
        self.assertEqual(run.copy().name, "Membership 2027 (copy)")

    def test_domain_for_advanced_users(self):
        run = self._run(partner_domain="[('email', 'ilike', 'club.example')]")
        self.assertEqual(run.preview_partner_ids, self.anna + self.bjorn + self.carl)
        run.include_category_ids = False
        run.partner_domain = "[('name', '=', 'Not a member')]"
        self.assertEqual(run.preview_partner_ids, self.outsider)
        with self.assertRaises(ValidationError):
            run.partner_domain = "[('name', '=', __import__('os'))]"
        nobody = self._run(include_category_ids=False)
        self.assertEqual(nobody.preview_count, 0, "no tag and no filter selects nobody, not everybody")
        with self.assertRaisesRegex(UserError, "No customer"):
            nobody.action_run()

    def test_other_company_customers_are_not_recipients(self):
        other = self.env["res.company"].create({"name": "Other Club"})
        self.env["res.partner"].create(
            {"name": "Other club member", "company_id": other.id, "category_id": [Command.set(self.members.ids)]}
        )
        run = self._run()
        self.assertEqual(run.preview_partner_ids, self.anna + self.bjorn + self.carl + self.firm)

    def test_your_reference_defaults_to_each_customers_own(self):
        run = self._run(
            include_category_ids=[Command.set(self.members.ids)],
            exclude_category_ids=[Command.set(self.honorary.ids)],
            delivery_method_ids=[Command.clear(), Command.create({"method": "draft"})],
        )
        run.action_run()
        self.env["mass.invoice.run"]._mass_invoice_process_batch()
        refs = {r.partner_id: r.move_id.ref for r in run.recipient_ids}
        self.assertEqual(refs, {self.anna: "M-001", self.bjorn: False, self.firm: "S-9"})
        moves = run.recipient_ids.move_id
        self.assertEqual(set(moves.mapped("state")), {"draft"})
        self.assertEqual(moves.mapped("amount_total"), [600.0] * 3)
        self.assertEqual(moves.invoice_line_ids.product_id, self.fee)

        fixed = self._run(ref="Fee 2027", delivery_method_ids=[Command.clear(), Command.create({"method": "draft"})])
        fixed.with_context(mass_invoice_repeat_confirmed=True).action_run()  # the same members again, on purpose
        self.env["mass.invoice.run"]._mass_invoice_process_batch()
        self.assertEqual(set(fixed.recipient_ids.move_id.mapped("ref")), {"Fee 2027"})

    def test_document_details_reach_the_invoice(self):
        terms = self.env.ref("account.account_payment_term_30days")
        run = self._run(
            invoice_date="2027-01-15",
            payment_term_id=terms.id,
            delivery_method_ids=[Command.clear(), Command.create({"method": "draft"})],
            line_ids=[
                Command.clear(),
                Command.create(
                    {"name": "Fee", "quantity": 2, "price_unit": 50.0, "tax_ids": [Command.set(self.tax_sale_a.ids)]}
                ),
            ],
        )
        self.assertEqual(run.preview_count, 4)
        self.assertAlmostEqual(run.summary_amount_total, 4 * run.amount_total)
        self.assertEqual(run.summary_no_email_count, 0)
        run.action_run()
        self.env["mass.invoice.run"]._mass_invoice_process_batch()
        move = run.recipient_ids.move_id[:1]
        self.assertEqual(str(move.invoice_date), "2027-01-15")
        self.assertEqual(move.invoice_payment_term_id, terms)
        self.assertEqual(str(move.invoice_date_due), "2027-02-14")
        self.assertEqual(move.invoice_line_ids.tax_ids, self.tax_sale_a)
        self.assertEqual(move.amount_untaxed, 100.0)
        self.assertEqual(move.journal_id, run.journal_id)

    def test_due_date_without_payment_terms(self):
        """No payment terms on the run: its due date, whatever the customer's own terms; neither: the customer's."""
        terms = self.env.ref("account.account_payment_term_30days")
        self.anna.property_payment_term_id = terms
        draft_only = [Command.clear(), Command.create({"method": "draft"})]
        run = self._run(invoice_date="2027-01-15", invoice_date_due="2027-03-31", delivery_method_ids=draft_only)
        self.assertFalse(run.payment_term_id)
        run.action_run()
        self.env["mass.invoice.run"]._mass_invoice_process_batch()
        moves = run.recipient_ids.move_id
        self.assertEqual(len(moves), 4)
        for move in moves:
            self.assertFalse(move.invoice_payment_term_id, move.partner_id.name)
            self.assertEqual(str(move.invoice_date_due), "2027-03-31", move.partner_id.name)
        anna_invoice = moves.filtered(lambda m: m.partner_id == self.anna)
        anna_invoice.action_post()
        receivable = anna_invoice.line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual([str(d) for d in receivable.mapped("date_maturity")], ["2027-03-31"])
        self.assertEqual(str(anna_invoice.invoice_date_due), "2027-03-31", "posting keeps the run's due date")

        own = self._run(invoice_date="2027-01-15", delivery_method_ids=draft_only)
        own.with_context(mass_invoice_repeat_confirmed=True).action_run()  # the same members again, on purpose
        self.env["mass.invoice.run"]._mass_invoice_process_batch()
        anna_own = own.recipient_ids.filtered(lambda r: r.partner_id == self.anna).move_id
        self.assertEqual(anna_own.invoice_payment_term_id, terms, "neither set: the customer's own terms")
        self.assertEqual(str(anna_own.invoice_date_due), "2027-02-14")

    def test_draft_is_required_and_methods_after_it_are_never_tried(self):
        with self.assertRaises(ValidationError):
            self._run(delivery_method_ids=[Command.clear(), Command.create({"method": "email"})])
        run = self._run(
            delivery_method_ids=[
                Command.clear(),
                Command.create({"method": "draft", "sequence": 1}),
                Command.create({"method": "email", "sequence": 2}),
            ]
        )
        self.assertEqual(run._mass_invoice_chain(), ["draft"])
        self.assertEqual(run.delivery_method_ids.filtered("after_draft").method, "email")
        run.action_run()
        self.env["mass.invoice.run"]._mass_invoice_process_batch()
        self.assertEqual(set(run.recipient_ids.mapped("state")), {"draft"})
        self.assertEqual(set(run.recipient_ids.attempt_ids.mapped("method")), {"draft"})
        self.assertEqual(run.state, "done")


@tagged("post_install", "-at_install")
class TestMassInvoiceAccess(MassInvoiceCommon):
    def test_billing_users_prepare_administrators_run(self):
        billing = self._create_new_internal_user(login="billing_user", groups="account.group_account_invoice")
        run = self._run().with_user(billing)
        run.name = "Changed by the billing user"
        run.line_ids[0].quantity = 2
        with self.assertRaisesRegex(AccessError, "Only billing administrators"):
            run.action_run()
        with self.assertRaises(AccessError):
            run.unlink()
        manager = self._create_new_internal_user(login="billing_admin", groups="account.group_account_manager")
        run.with_user(manager).action_run()
        self.assertEqual(run.state, "running")
        with self.assertRaisesRegex(UserError, "has started"):
            run.name = "A started run is not changed by billing users"
        self.assertTrue(run.recipient_ids, "billing users see the outcome")
        with self.assertRaises(AccessError):
            run.recipient_ids[0].state = "delivered"
        with self.assertRaisesRegex(AccessError, "Only billing administrators"):
            run.action_retry_failed()

    def test_only_billing_administrators_see_the_buttons_that_execute(self):
        """The form and the lists show Run, Process Now and Retry to billing administrators only."""
        billing = self._create_new_internal_user(login="billing_view", groups="account.group_account_invoice")
        manager = self._create_new_internal_user(login="admin_view", groups="account.group_account_manager")
        executing = {
            ("mass.invoice.run", "form"): ("action_run", "action_process_now", "action_retry_failed"),
            ("mass.invoice.recipient", "form"): ("action_retry",),
            ("mass.invoice.recipient", "list"): ("action_retry",),
        }
        for (model, view_type), buttons in executing.items():
            for user, shown in ((billing, False), (manager, True)):
                arch = self.env[model].with_user(user).get_views([(False, view_type)])["views"][view_type]["arch"]
                self.assertIn('name="action_view_recipients"' if model == "mass.invoice.run" else "<field", arch)
                for button in buttons:
                    self.assertEqual(f'name="{button}"' in arch, shown, f"{model} {view_type} {button} {user.login}")

    def test_a_run_sees_only_its_companys_runs(self):
        other = self.env["res.company"].create({"name": "Other Club"})
        user = self._create_new_internal_user(
            login="other_club", groups="account.group_account_manager", company_id=other.id
        )
        run = self._run()
        with self.assertRaises(AccessError):
            run.with_user(user).read(["name"])
        self.assertFalse(self.env["mass.invoice.run"].with_user(user).search([("id", "=", run.id)]))


@tagged("post_install", "-at_install")
class TestMassInvoiceRetry(MassInvoiceCommon):
    """A recipient whose invoice could not be posted ends failed, with why; once the cause is fixed,
    "Retry" walks the chain again with the same invoice."""

    def _failing_run(self):
        run = self._run(
            exclude_category_ids=[Command.set(self.honorary.ids)],
            delivery_method_ids=[
                Command.clear(),
                Command.create({"method": "email", "sequence": 1}),
                Command.create({"method": "draft", "sequence": 2}),
            ],
        )
        run.action_run()
        # Odoo refuses to post in an archived journal: the invoices are made, not posted.
        run.journal_id.active = False
        self.env["mass.invoice.run"]._mass_invoice_process_batch(run_ids=run.ids)
        self.assertEqual(run.state, "done")
        self.assertEqual(run.failed_count, 3)
        for recipient in run.recipient_ids:
            self.assertEqual(recipient.state, "failed")
            self.assertIn("archived journal", recipient.last_error)
            self.assertEqual(recipient.move_id.state, "draft")
        run.journal_id.active = True
        return run

    def _deliver_all(self, run):
        for _round in range(5):
            self.env["mass.invoice.run"]._mass_invoice_process_batch(run_ids=run.ids)

    def test_retry_failed_of_the_run(self):
        run = self._failing_run()
        invoices = run.recipient_ids.move_id
        run.action_retry_failed()
        self.assertEqual(run.state, "running")
        self.assertEqual(set(run.recipient_ids.mapped("state")), {"to_deliver"})
        self._deliver_all(run)
        self.assertEqual(run.state, "done")
        self.assertEqual(set(run.recipient_ids.mapped("state")), {"delivered"})
        self.assertEqual(set(run.recipient_ids.mapped("delivered_method")), {"email"})
        self.assertEqual(run.recipient_ids.move_id, invoices, "the same invoices, none made twice")
        self.assertEqual(set(invoices.mapped("state")), {"posted"})
        self.assertEqual(
            self.env["account.move"].search_count([("invoice_origin", "=", run.name)]), 3, "no second invoice"
        )
        anna = run.recipient_ids.filtered(lambda r: r.partner_id == self.anna)
        self.assertEqual(anna.attempt_ids.mapped("result"), ["failed", "delivered"], "each attempt is kept")
        self.assertFalse(anna.last_error)

    def test_retry_one_recipient(self):
        run = self._failing_run()
        anna, others = run.recipient_ids.filtered(lambda r: r.partner_id == self.anna), run.recipient_ids
        others -= anna
        anna.action_retry()
        self._deliver_all(run)
        self.assertEqual(anna.state, "delivered")
        self.assertEqual(set(others.mapped("state")), {"failed"}, "only the one retried")
        self.assertEqual(run.state, "done")

    def test_retry_is_for_billing_administrators(self):
        run = self._failing_run()
        billing = self._create_new_internal_user(login="billing_retry", groups="account.group_account_invoice")
        with self.assertRaisesRegex(AccessError, "Only billing administrators"):
            run.with_user(billing).action_retry_failed()
        with self.assertRaisesRegex(AccessError, "Only billing administrators"):
            run.recipient_ids[0].with_user(billing).action_retry()
        self.assertEqual(set(run.recipient_ids.mapped("state")), {"failed"})
