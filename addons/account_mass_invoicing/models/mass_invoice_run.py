# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

OPEN_STATES = ("pending", "to_deliver", "letter", "waiting_credit")
# Handed to a method whose outcome comes later (a letter, with account_mass_invoicing_snailmail).
WAITING_STATES = ("letter", "waiting_credit")
# The scheduled actions that work through the runs; the second (inactive unless activated) shares them:
# Odoo runs one scheduled action in one cron thread at a time.
CRON_XMLIDS = ("account_mass_invoicing.ir_cron_mass_invoice", "account_mass_invoicing.ir_cron_mass_invoice_second")


class MassInvoiceRun(models.Model):
    """One invoice to a large group of customers (membership fees of a club), delivered by a fallback chain.

    Prepared in steps (recipients, delivery, document, files, summary), then run in the background
    by a cron in batches; each recipient keeps its invoice and the outcome of each delivery attempt.
    """

    _name = "mass.invoice.run"
    _description = "Mass Invoicing Run"
    _inherit = ["mail.thread"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True, help="e.g. Membership fee 2027")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, readonly=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        [("draft", "Draft"), ("running", "Running"), ("done", "Done")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    user_id = fields.Many2one(
        "res.users", string="Responsible", default=lambda self: self.env.user, help="Salesperson of the invoices."
    )
    run_date = fields.Datetime(string="Started On", readonly=True, copy=False)

    # Delivery
    delivery_method_ids = fields.One2many(
        "mass.invoice.delivery.method",
        "run_id",
        string="Delivery Methods",
        copy=True,
        default=lambda self: self._mass_invoice_default_chain(),
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email Template",
        domain="[('model', '=', 'account.move')]",
        default=lambda self: self.env.ref("account.email_template_edi_invoice", raise_if_not_found=False),
        help="Rendered in each customer's language.",
    )
    online_access = fields.Boolean(
        string="Online Version",
        help="Each invoice gets a link to its online (portal) version, in the email and on the recipient.",
    )

    # Document
    journal_id = fields.Many2one(
        "account.journal",
        required=True,
        check_company=True,
        domain="[('type', '=', 'sale')]",
        compute="_compute_journal_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    invoice_date = fields.Date(default=fields.Date.context_today)
    payment_term_id = fields.Many2one(
        "account.payment.term",
        string="Payment Terms",
        check_company=True,
        help="Empty: each customer's own payment terms, else the due date below.",
    )
    invoice_date_due = fields.Date(string="Due Date", help="Used when no payment terms are set.")
    ref = fields.Char(
        string="Your Reference", help="Printed on every invoice. Empty: each customer's own reference is used."
    )
    pdf_report_id = fields.Many2one(
        "ir.actions.report",
        string="Invoice Template",
        domain="[('is_invoice_report', '=', True)]",
        help="Empty: each customer's invoice template, else the company's default.",
    )
    line_ids = fields.One2many("mass.invoice.line", "run_id", string="Lines", copy=True)
    amount_untaxed = fields.Monetary(compute="_compute_amounts", string="Untaxed per Invoice")
    amount_total = fields.Monetary(compute="_compute_amounts", string="Total per Invoice")

    # Files
    attachment_ids = fields.One2many("mass.invoice.attachment", "run_id", string="Files", copy=True)

    # Progress and outcome (after running)

    recipient_ids = fields.One2many("mass.invoice.recipient", "run_id", string="Outcome", readonly=True)
    recipient_count = fields.Integer(compute="_compute_progress", string="Invoices")
    progress = fields.Float(compute="_compute_progress", help="Share of recipients in a definite state.")
    open_count = fields.Integer(compute="_compute_progress", string="In Progress")
    delivered_count = fields.Integer(compute="_compute_progress", string="Delivered")
    waiting_count = fields.Integer(compute="_compute_progress", string="Waiting")
    draft_count = fields.Integer(compute="_compute_progress", string="Drafts")
    failed_count = fields.Integer(compute="_compute_progress", string="Failed")

    # -------------------------------------------------------------------------
    # Constraints and computes
    # -------------------------------------------------------------------------

    @api.constrains("delivery_method_ids")
    def _check_delivery_methods(self):
        for run in self:
            if "draft" not in run.delivery_method_ids.mapped("method"):
                raise ValidationError(
                    self.env._('The delivery methods must include "Save as draft": it ends the chain.')
                )

    @api.depends("company_id")
    def _compute_journal_id(self):
        for run in self:
            if not run.journal_id or run.journal_id.company_id != run.company_id:
                run.journal_id = self.env["account.journal"].search(
                    [*self.env["account.journal"]._check_company_domain(run.company_id), ("type", "=", "sale")],
                    limit=1,
                )

    @api.depends("line_ids.price_subtotal", "line_ids.price_total")
    def _compute_amounts(self):
        for run in self:
            run.amount_untaxed = sum(run.line_ids.mapped("price_subtotal"))
            run.amount_total = sum(run.line_ids.mapped("price_total"))

    @api.depends("recipient_ids.state")
    def _compute_progress(self):
        counts = {
            (run.id, state): count
            for run, state, count in self.env["mass.invoice.recipient"]._read_group(
                [("run_id", "in", self.ids)], ["run_id", "state"], ["__count"]
            )
        }
        for run in self:

            def count(*states, run=run):
                return sum(counts.get((run.id, state), 0) for state in states)

            run.recipient_count = count(*OPEN_STATES, "delivered", "draft", "failed")
            run.open_count = count("pending", "to_deliver", "letter")
            run.waiting_count = count("waiting_credit")
            run.delivered_count = count("delivered")
            run.draft_count = count("draft")
            run.failed_count = count("failed")
            definite = run.delivered_count + run.draft_count + run.failed_count
            run.progress = 100.0 * definite / run.recipient_count if run.recipient_count else 0.0

    # -------------------------------------------------------------------------
    # Actions
    # -------------------------------------------------------------------------

    def action_run(self):
        """Start the run: fix the recipients now, invoice and deliver them in the background."""
        self._mass_invoice_check_executor()
        for run in self:
            if run.state != "draft":
                raise UserError(self.env._("The run %(run)s has already been started.", run=run.name))
            if not run.line_ids:
                raise UserError(self.env._("Add at least one line to the document before running."))
            customers = run._mass_invoice_customers()
            if not customers:
                raise UserError(self.env._("No customer matches the recipients of this run."))
            addresses = run._mass_invoice_invoice_addresses(customers)
            self.env["mass.invoice.recipient"].sudo().create(
                [
                    {"run_id": run.id, "partner_id": customer.id, "invoice_partner_id": addresses[customer].id}
                    for customer in customers
                ]
            )
            run.write({"state": "running", "run_date": fields.Datetime.now()})
            run.message_post(
                body=self.env._("Run started for %(count)s recipients.", count=len(customers)),
                message_type="notification",
            )
        self._mass_invoice_trigger()
        return True

    def action_retry_failed(self):
        """Walk the delivery chain again for the failed recipients (and those saved as draft after a failure)."""
        self._mass_invoice_check_executor()
        recipients = self.recipient_ids.filtered(lambda r: r.state == "failed")
        recipients.sudo()._mass_invoice_reset_for_retry()
        self._mass_invoice_trigger()
        return True

    def action_process_now(self):
        """Process a batch in this request (small runs; the cron does the same in the background); waiting
        letters go to the postal service at once. Tells what it did."""
        self._mass_invoice_check_executor()
        delivered = sum(self.mapped("delivered_count"))
        self.env["mass.invoice.run"].sudo()._mass_invoice_process_batch(run_ids=self.ids)
        self.invalidate_recordset()
        return self._mass_invoice_processed_notification(sum(self.mapped("delivered_count")) - delivered)

    def action_view_recipients(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account_mass_invoicing.action_mass_invoice_recipient")
        action["domain"] = [("run_id", "=", self.id)]
        # Grouped by outcome, as the menu's list is: the failed ones at a glance.
        action["context"] = {"search_default_group_state": 1, "default_run_id": self.id}
        return action

    def action_view_invoices(self):
        self.ensure_one()
        # Odoo's list of customer invoices (with its Customer column), limited to the run's.
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_out_invoice_type")
        action.update(
            name=self.env._("Invoices of %s", self.name),
            domain=[("id", "in", self.recipient_ids.move_id.ids)],
            context={"default_move_type": "out_invoice"},
        )
        return action

    def copy_data(self, default=None):
        # A copy is named as one: two runs of the same name would invoice the same members twice unnoticed.
        vals_list = super().copy_data(default=default)
        for run, vals in zip(self, vals_list, strict=True):
            if not (default or {}).get("name"):
                vals["name"] = self.env._("%s (copy)", run.name)
        return vals_list

    # -------------------------------------------------------------------------
    # Cron
    # -------------------------------------------------------------------------

    @api.model
    def _cron_mass_invoice(self, batch_size=None):
        """One batch of the running runs: invoice, then deliver, then follow letters; the cron calls again."""
        done, remaining = self._mass_invoice_process_batch(batch_size=batch_size)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        if remaining and done:
            self._mass_invoice_trigger()

    @api.model
    def _mass_invoice_process_batch(self, batch_size=None, run_ids=None):
        """(processed, remaining) for one batch. Each step claims its recipients with SKIP LOCKED.

        Recipients are invoiced first, in batches (one transaction per batch; the invoice is stored on
        its recipient in the transaction that creates it), then delivered one by one within a batch.
        """
        # The cron's work, also when a billing administrator presses "Process Now".
        self = self.sudo()
        Recipient = self.env["mass.invoice.recipient"]
        params = self.env["ir.config_parameter"].sudo()
        create_size = batch_size or int(params.get_param("account_mass_invoicing.batch_size", 20))
        deliver_size = batch_size or int(params.get_param("account_mass_invoicing.delivery_batch_size", 20))
        processed = 0
        if recipients := Recipient._mass_invoice_claim(("pending",), create_size, run_ids):
            recipients._mass_invoice_create_invoices()
            processed = len(recipients)
        elif recipients := Recipient._mass_invoice_claim(("to_deliver",), deliver_size, run_ids):
            recipients._mass_invoice_deliver()
            processed = len(recipients)
        elif recipients := Recipient._mass_invoice_claim(WAITING_STATES, deliver_size * 10, run_ids):
            if recipients._mass_invoice_print_waiting():
                # Each letter printed was committed, which ended this transaction's claim: claimed again.
                recipients = Recipient._mass_invoice_claim(WAITING_STATES, deliver_size * 10, run_ids)
            recipients._mass_invoice_follow_up()
        self._mass_invoice_finish(run_ids)
        domain = [("state", "in", ("pending", "to_deliver")), ("run_id.state", "=", "running")]
        if run_ids:
            domain.append(("run_id", "in", run_ids))
        return processed, Recipient.search_count(domain)

    @api.model
    def _mass_invoice_finish(self, run_ids=None):
        domain = [("state", "=", "running")] + ([("id", "in", run_ids)] if run_ids else [])
        for run in self.search(domain):
            if not run.recipient_ids.filtered(lambda r: r.state in OPEN_STATES):
                run.state = "done"
                run = run._mass_invoice_in_language()
                run.message_post(
                    body=run.env._(
                        "Run done: %(delivered)s delivered, %(drafts)s drafts, %(failed)s failed.",
                        delivered=run.delivered_count,
                        drafts=run.draft_count,
                        failed=run.failed_count,
                    ),
                    message_type="notification",
                )

    # -------------------------------------------------------------------------
    # Helpers
    # -------------------------------------------------------------------------

    @api.model
    def _mass_invoice_trigger(self):
        """Wake the scheduled actions that work through the runs (the active ones)."""
        for xmlid in CRON_XMLIDS:
            cron = self.env.ref(xmlid, raise_if_not_found=False)
            if cron and cron.sudo().active:
                cron._trigger()

    @api.model
    def _mass_invoice_default_chain(self):
        """Every method this database can deliver by, in the order of their list, down to "save as draft"."""
        methods = self.env["mass.invoice.delivery.method"]._fields["method"].get_values(self.env)
        return [Command.create({"method": method, "sequence": n}) for n, method in enumerate(methods)]

    def _mass_invoice_check_executor(self):
        if not self.env.user.has_group("account.group_account_manager"):
            raise AccessError(self.env._("Only billing administrators can run mass invoicing."))
        self.check_access("write")

    def _mass_invoice_chain(self):
        """The method codes in the user's order, up to and including "draft"."""
        self.ensure_one()
        chain = []
        for line in self.delivery_method_ids.sorted("sequence"):
            chain.append(line.method)
            if line.method == "draft":
                break
        return chain or ["draft"]

    def _mass_invoice_lines_depend_on_customer(self):
        """Whether the invoice lines may differ from one customer to the next beyond the fiscal position and
        accounts: analytic distribution models (by customer or tag) fill lines left without a distribution,
        and Python-coded taxes may look at the customer."""
        self.ensure_one()
        # Any such tax of the company: a fiscal position may map the document's taxes to it.
        Tax = self.env["account.tax"].sudo().with_context(active_test=False)
        if Tax.search_count([("company_id", "=", self.company_id.id), ("amount_type", "=", "code")], limit=1):
            return True
        return bool(
            self.line_ids.filtered(lambda line: not line.analytic_distribution)
            and self.env["account.analytic.distribution.model"]
            .sudo()
            .search_count([("company_id", "in", (False, self.company_id.id))], limit=1)
        )

    def _mass_invoice_move_values(self, recipient):
        """The invoice of one recipient: the run's document for this customer."""
        self.ensure_one()
        customer, address = recipient.partner_id, recipient.invoice_partner_id
        fiscal_position = (
            self.env["account.fiscal.position"].with_company(self.company_id)._get_fiscal_position(address)
        )
        values = {
            "move_type": "out_invoice",
            "send_owner": "mass_invoice",
            "company_id": self.company_id.id,
            "journal_id": self.journal_id.id,
            "partner_id": address.id,
            "fiscal_position_id": fiscal_position.id,
            "invoice_date": self.invoice_date,
            "invoice_user_id": self.user_id.id,
            "ref": self.ref or customer.ref or False,
            "invoice_origin": self.name,
            "invoice_line_ids": [
                Command.create(line._mass_invoice_line_values(fiscal_position)) for line in self.line_ids
            ],
        }
        if self.payment_term_id:
            values["invoice_payment_term_id"] = self.payment_term_id.id
        elif self.invoice_date_due:
            values["invoice_payment_term_id"] = False
            values["invoice_date_due"] = self.invoice_date_due
        return values

    def _mass_invoice_processed_notification(self, delivered):
        """What Process Now did, as a notification; the form reloads to show the outcome."""
        message = self.env._(
            "%(delivered)s more delivered. Now %(open)s in progress, %(waiting)s letters waiting for postal credit, "
            "%(failed)s failed.",
            delivered=delivered,
            open=sum(self.mapped("open_count")),
            waiting=sum(self.mapped("waiting_count")),
            failed=sum(self.mapped("failed_count")),
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Processed"),
                "message": message,
                "type": "info",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }
