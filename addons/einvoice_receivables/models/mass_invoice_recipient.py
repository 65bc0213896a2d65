import logging

import psycopg2

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, email_normalize

from ..delivery import CHANNELS
from ..delivery.base import DELIVERED, DRAFT, FAILED, WAITING

_logger = logging.getLogger(__name__)

STATES = [
    ("pending", "To Invoice"),
    ("to_deliver", "To Deliver"),
    ("letter", "Letter Queued"),
    ("waiting_credit", "Waiting for Credit"),
    ("delivered", "Delivered"),
    ("draft", "Saved as Draft"),
    ("failed", "Failed"),
]


class MassInvoiceRecipient(models.Model):
    """One customer of a run: its invoice, where it is in the delivery chain, and how it ended."""

    _name = "mass.invoice.recipient"
    _description = "Mass Invoicing Recipient"
    _order = "run_id desc, id"
    _check_company_auto = True

    run_id = fields.Many2one("mass.invoice.run", required=True, ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one(related="run_id.company_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True, index=True)
    invoice_partner_id = fields.Many2one("res.partner", string="Invoice Address", required=True, readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True, index="btree_not_null", copy=False)
    amount_total = fields.Monetary(related="move_id.amount_total")
    currency_id = fields.Many2one(related="run_id.currency_id")
    state = fields.Selection(STATES, default="pending", required=True, readonly=True, index=True)
    chain_index = fields.Integer(
        readonly=True, help="Position in the run's delivery chain of the method tried next (or waiting)."
    )
    delivered_method = fields.Selection(
        selection=lambda self: self.env["mass.invoice.delivery.method"]._fields["method"].selection,
        string="Delivered By",
        readonly=True,
    )
    attempt_ids = fields.One2many("mass.invoice.attempt", "recipient_id", string="Attempts", readonly=True)
    attempt_count = fields.Integer(compute="_compute_attempt_count", string="Attempts Made")
    last_error = fields.Text(string="Reason", readonly=True)
    letter_id = fields.Many2one("snailmail.letter", readonly=True)
    online_url = fields.Char(string="Online Version", readonly=True)

    _sql_constraints = [
        ("customer_once_per_run", "UNIQUE(run_id, partner_id)", "A customer gets one invoice per run."),
    ]

    @api.depends("attempt_ids")
    def _compute_attempt_count(self):
        for recipient in self:
            recipient.attempt_count = len(recipient.attempt_ids)

    # -------------------------------------------------------------------------
    # Actions
    # -------------------------------------------------------------------------

    def action_retry(self):
        self.run_id._mass_invoice_check_executor()
        self.filtered(lambda r: r.state == "failed").sudo()._mass_invoice_reset_for_retry()
        self.env["mass.invoice.run"]._mass_invoice_trigger()
        return True

    # -------------------------------------------------------------------------
    # Claiming (several workers share a run)
    # -------------------------------------------------------------------------

    @api.model
    def _mass_invoice_claim(self, states, limit, run_ids=None):
        """Lock up to `limit` recipients in `states` of running runs for this transaction.

        Rows another worker holds are skipped, not waited for. The invoice address is locked too:
        composing an email writes on the customer (portal sign-up), two workers on one customer
        would collide.
        """
        self.env.flush_all()
        run_filter = SQL("AND recipient.run_id IN %s", tuple(run_ids)) if run_ids else SQL("")
        self.env.cr.execute(
            SQL(
                """SELECT recipient.id
                     FROM mass_invoice_recipient recipient
                     JOIN mass_invoice_run run ON run.id = recipient.run_id
                     JOIN res_partner customer ON customer.id = recipient.invoice_partner_id
                    WHERE recipient.state IN %s AND run.state = 'running' %s
                 ORDER BY recipient.id
                    LIMIT %s
                      FOR NO KEY UPDATE OF recipient, customer SKIP LOCKED""",
                tuple(states),
                run_filter,
                limit,
            )
        )
        recipients = self.browse(row[0] for row in self.env.cr.fetchall())
        recipients.invalidate_recordset()
        return recipients

    def _mass_invoice_still_mine(self, state):
        """Whether this transaction still holds the recipient in `state` (a commit inside Odoo's Peppol
        sending releases the locks of the batch; another worker may have taken the rest)."""
        self.ensure_one()
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM mass_invoice_recipient WHERE id = %s AND state = %s FOR NO KEY UPDATE SKIP LOCKED",
                self.id,
                state,
            )
        )
        mine = bool(self.env.cr.fetchone())
        self.invalidate_recordset()
        return mine

    # -------------------------------------------------------------------------
    # Invoicing
    # -------------------------------------------------------------------------

    def _mass_invoice_create_invoices(self):
        """Create the invoices of these claimed recipients in one go, and post those that will be sent.

        The invoice is stored on its recipient in this same transaction: after a crash, either both
        exist or neither, so resuming never creates an invoice twice.
        """
        for run, recipients in self.grouped("run_id").items():
            run = run.with_company(run.company_id)
            moves = self._mass_invoice_create_moves(run, recipients)
            for recipient, move in zip(recipients, moves, strict=True):
                recipient.move_id = move
            recipients._mass_invoice_plan()
            to_post = recipients.filtered(lambda r: r.state == "to_deliver")
            # Untracked: Odoo's tracking of the posting is a message with field changes per invoice; each
            # invoice gets one message naming its run instead.
            recipients._mass_invoice_post(to_post, track=False)
            recipients._mass_invoice_log_created(run)
            if run.online_access:
                for recipient in recipients:
                    recipient.move_id._portal_ensure_token()
                    recipient.online_url = recipient.move_id.get_base_url() + recipient.move_id.get_portal_url()

    @api.model
    def _mass_invoice_create_moves(self, run, recipients):
        Move = (
            self.env["account.move"]
            .with_company(run.company_id)
            .with_context(
                default_move_type="out_invoice", mail_create_nolog=True, mail_notrack=True, tracking_disable=True
            )
        )
        vals_list = [run._mass_invoice_move_values(recipient) for recipient in recipients]
        try:
            with self.env.cr.savepoint():
                return recipients._mass_invoice_create_from_templates(Move, vals_list)
        except (UserError, ValidationError) as error:
            # Find the customer whose invoice cannot be made; the others are invoiced.
            _logger.info("Mass invoicing: a batch of invoices was refused (%s), one by one now", error)
        moves = []
        for recipient, vals in zip(recipients, vals_list, strict=True):
            try:
                with self.env.cr.savepoint():
                    moves.append(Move.create(vals))
            except (UserError, ValidationError) as error:
                recipient._mass_invoice_fail(
                    self.env._("The invoice could not be created: %(error)s", error=error.args[0])
                )
                moves.append(Move)
        return moves

    def _mass_invoice_create_from_templates(self, Move, vals_list):
        """The invoices of these recipients (vals_list in the same order), made as Odoo makes them, faster.

        Odoo builds the tax, receivable and early-discount lines of each invoice in `_sync_dynamic_lines`,
        most of the time of creating one. Every recipient gets the same document: those that share what
        these lines depend on (fiscal position, receivable account, payment terms...) get the same lines.
        Odoo builds them for the first of each such group, the template; the others are created with a
        copy of its lines and the line syncing switched off. Odoo still checks each invoice is balanced.
        """
        run = self.run_id
        by_customer = run._mass_invoice_lines_depend_on_customer()
        without_product = bool(run.line_ids.filtered(lambda line: not line.product_id))
        groups = {}
        for index, (recipient, vals) in enumerate(zip(self, vals_list, strict=True)):
            key = recipient._mass_invoice_template_key(vals, by_customer, without_product)
            groups.setdefault(key, []).append(index)
        templates = Move.create([vals_list[indexes[0]] for indexes in groups.values()])
        move_ids = [None] * len(vals_list)
        copies, copy_indexes = [], []
        for template, indexes in zip(templates, groups.values(), strict=True):
            move_ids[indexes[0]] = template.id
            lines = template.line_ids._mass_invoice_template_values() if len(indexes) > 1 else []
            for index in indexes[1:]:
                vals = dict(vals_list[index])
                del vals["invoice_line_ids"]
                vals["line_ids"] = [Command.create(dict(line)) for line in lines]
                copies.append(vals)
                copy_indexes.append(index)
        if copies:
            created = Move.with_context(skip_invoice_sync=True).create(copies)
            for index, move_id in zip(copy_indexes, created.ids, strict=True):
                move_ids[index] = move_id
        return Move.browse(move_ids)

    def _mass_invoice_template_key(self, vals, by_customer, without_product):
        """What the computed lines of this recipient's invoice depend on, besides the run's document."""
        self.ensure_one()
        run = self.run_id
        address = self.invoice_partner_id.with_company(run.company_id)
        customer = address.commercial_partner_id
        if "invoice_payment_term_id" in vals:
            terms = vals["invoice_payment_term_id"]
        else:
            terms = address.property_payment_term_id.id
        receivable = customer.property_account_receivable_id.id
        key = [vals["fiscal_position_id"], receivable, terms, vals.get("invoice_date_due")]
        if without_product:
            # Odoo gives a line without a product the account that the customer's invoices used most.
            key.append(
                self.env["account.account"]._get_most_frequent_account_for_partner(
                    company_id=run.company_id.id,
                    partner_id=customer.id,
                    move_type="out_invoice",
                    journal_id=run.journal_id.id,
                )
            )
        if by_customer:
            key.append(customer.id)
        return tuple(key)

    def _mass_invoice_plan(self):
        """Walk the chain without sending: skip the methods that cannot apply, recording why.

        A recipient that reaches "save as draft" this way keeps a draft and is done; the others
        will be posted and delivered from the first method that can apply.
        """
        for recipient in self.filtered(lambda r: r.move_id and r.state != "failed"):
            chain = recipient.run_id._mass_invoice_chain()
            index = recipient.chain_index
            while chain[index] != "draft":
                channel = CHANNELS[chain[index]].resolve(recipient)
                problem = channel.problem(recipient)
                if not problem:
                    break
                recipient._mass_invoice_log(channel.code, FAILED, problem)
                index += 1
            if chain[index] == "draft":
                recipient._mass_invoice_log("draft", DRAFT)
                recipient.write({"state": "draft", "delivered_method": "draft", "chain_index": index})
            else:
                recipient.write({"state": "to_deliver", "chain_index": index})

    def _mass_invoice_log_created(self, run):
        """One chatter message on each invoice of these recipients: made (and posted) by the run."""
        link = run._get_html_link()
        bodies = {}
        for move in self.move_id:
            if move.state == "posted":
                bodies[move.id] = self.env._("Created and posted by the mass invoicing run %(run)s.", run=link)
            else:
                bodies[move.id] = self.env._("Created as a draft by the mass invoicing run %(run)s.", run=link)
        self.move_id._message_log_batch(bodies=bodies)

    @api.model
    def _mass_invoice_subscribe_customers(self, moves):
        """Make each invoice's customer a follower of it, as Odoo's posting does, for all at once.

        Odoo subscribes them one invoice at a time (a check and an insert each); it skips those who
        follow already. The same default subtypes as Odoo's, for customers and internal users alike.
        """
        moves = moves.filtered(lambda m: m.partner_id.active and m.partner_id not in m.sudo().message_partner_ids)
        if not moves:
            return
        default, _internal, external = self.env["mail.message.subtype"].default_subtypes("account.move")
        customers = moves.partner_id
        shared = self.env["res.partner"].sudo().search([("id", "in", customers.ids), ("partner_share", "=", True)])
        self.env["mail.followers"].sudo().with_context(default_partner_id=False).create(
            [
                {
                    "res_model": "account.move",
                    "res_id": move.id,
                    "partner_id": move.partner_id.id,
                    "subtype_ids": [Command.set((external if move.partner_id in shared else default).ids)],
                }
                for move in moves
            ]
        )

    def _mass_invoice_post(self, recipients, track=True):
        moves = recipients.move_id.filtered(lambda m: m.state == "draft")
        if not moves:
            return
        # Untracked, also the journal items: with nothing to track, Odoo's item tracking still describes
        # all the fields of a journal item for every write (fields_get), a third of the time of posting.
        untracked = {} if track else {"mail_notrack": True, "tracking_disable": True}
        moves = moves.with_context(**untracked)
        try:
            with self.env.cr.savepoint():
                if not track:
                    self._mass_invoice_subscribe_customers(moves)
                self._mass_invoice_action_post(moves)
            return
        except (UserError, ValidationError) as error:
            _logger.info("Mass invoicing: posting a batch was refused (%s), one by one now", error)
        for recipient in recipients:
            try:
                with self.env.cr.savepoint():
                    recipient.move_id.with_context(**untracked).action_post()
            except (UserError, ValidationError) as error:
                recipient._mass_invoice_fail(
                    self.env._("The invoice could not be posted: %(error)s", error=error.args[0])
                )

    @api.model
    def _mass_invoice_action_post(self, moves):
        """Post as Odoo does, the journal's auto-check set on the whole batch in one write.

        Odoo's posting sets `checked` on each invoice by a write of its own, which syncs that invoice's
        lines again (by the profile a sixth of posting a batch). Set once for all beforehand, Odoo's
        assignments of the same value are kept from writing again.
        """
        autochecked = moves.filtered(lambda move: move.journal_id.autocheck_on_post and not move.checked)
        autochecked.checked = True
        with self.env.protecting([moves._fields["checked"]], autochecked):
            moves.action_post()

    # -------------------------------------------------------------------------
    # Delivery: the fallback chain
    # -------------------------------------------------------------------------

    def _mass_invoice_deliver(self):
        for recipient in self:
            if not recipient._mass_invoice_still_mine("to_deliver"):
                continue
            try:
                recipient._mass_invoice_walk_chain()
            except psycopg2.OperationalError:
                raise  # a concurrent update: the batch rolls back and is tried again
            except Exception:
                _logger.exception("Mass invoicing: delivery of recipient %s failed", recipient.id)
                recipient._mass_invoice_fail(self.env._("Unexpected error while sending; see the server log."))

    def _mass_invoice_walk_chain(self):
        """Try the methods from the current position: the first that delivers (or waits) ends it."""
        self.ensure_one()
        chain = self.run_id._mass_invoice_chain()
        while self.chain_index < len(chain):
            code = chain[self.chain_index]
            channel = CHANNELS[code]
            if code != "draft" and self.move_id.state == "draft":
                self._mass_invoice_post(self)
                if self.state == "failed":
                    return
            outcome = channel.deliver(self)
            if self._mass_invoice_apply(code, outcome):
                return
            self.chain_index += 1
        self._mass_invoice_apply("draft", CHANNELS["draft"].deliver(self))

    def _mass_invoice_follow_up(self):
        """Letters handed to Odoo's snailmail: delivered once sent, on to the next method if refused."""
        for recipient in self:
            outcome = CHANNELS["post"].follow_up(recipient)
            if outcome is None:
                continue
            if outcome.status == WAITING:
                if recipient.state != "waiting_credit":
                    recipient._mass_invoice_log("post", WAITING, outcome.reason)
                    recipient.state = "waiting_credit"
                continue
            if outcome.status == DRAFT:
                CHANNELS["draft"].deliver(recipient)
            if recipient._mass_invoice_apply("post", outcome):
                continue
            recipient.chain_index += 1
            recipient.state = "to_deliver"
        if self.filtered(lambda r: r.state == "to_deliver"):
            self.env["mass.invoice.run"]._mass_invoice_trigger()

    def _mass_invoice_apply(self, code, outcome):
        """Record the outcome of one attempt; True when the chain stops here."""
        self.ensure_one()
        method = outcome.method or code
        self._mass_invoice_log(method, outcome.status, outcome.reason)
        if outcome.status == FAILED:
            self.last_error = outcome.reason
            return False
        if outcome.status == DELIVERED:
            self.write({"state": "delivered", "delivered_method": method, "last_error": False})
        elif outcome.status == WAITING:
            self.state = "letter"
            self.env.ref("snailmail.snailmail_print")._trigger()
        elif outcome.status == DRAFT:
            self.write({"state": "draft", "delivered_method": "draft", "last_error": outcome.reason or self.last_error})
        return True

    def _mass_invoice_log(self, method, status, reason=""):
        self.env["mass.invoice.attempt"].create(
            {"recipient_id": self.id, "method": method, "result": status, "reason": reason or False}
        )

    def _mass_invoice_fail(self, reason):
        self.ensure_one()
        self._mass_invoice_log(self.run_id._mass_invoice_chain()[self.chain_index], FAILED, reason)
        self.write({"state": "failed", "last_error": reason})

    def _mass_invoice_reset_for_retry(self):
        for recipient in self:
            state = "to_deliver" if recipient.move_id else "pending"
            recipient.write({"state": state, "chain_index": 0, "last_error": False})
        # Only running runs are worked on: a finished run opens again for its retried recipients.
        self.run_id.filtered(lambda run: run.state == "done").state = "running"

    # -------------------------------------------------------------------------
    # What the channels ask (delivery/ stays free of Odoo details)
    # -------------------------------------------------------------------------

    def _mass_invoice_preferred_odoo_method(self):
        move = self.move_id
        return self.env["account.move.send"]._get_default_sending_method(move)

    def _mass_invoice_email_problem(self):
        address = self.invoice_partner_id
        if not address.email:
            return self.env._("%(customer)s has no email address.", customer=address.display_name)
        if not email_normalize(address.email):
            return self.env._(
                "The email address of %(customer)s is not valid: %(email)s",
                customer=address.display_name,
                email=address.email,
            )
        return ""

    def _mass_invoice_peppol_problem(self):
        customer = self.partner_id.with_company(self.run_id.company_id)
        company = self.run_id.company_id
        if company.account_peppol_proxy_state not in self.env["account_edi_proxy_client.user"]._get_can_send_domain():
            return self.env._("The company is not registered to send e-invoices on Peppol.")
        if not (customer.peppol_eas and customer.peppol_endpoint):
            return self.env._("%(customer)s has no Peppol address.", customer=customer.display_name)
        # The stored verification (no network look-up here): set by Odoo's check on the customer card.
        if customer.peppol_verification_state != "valid":
            # Built outside the call: the translation extractor evaluates the call's string arguments.
            endpoint = f"{customer.peppol_eas}:{customer.peppol_endpoint}"
            return self.env._(
                "%(customer)s is not verified as a Peppol recipient (%(endpoint)s).",
                customer=customer.display_name,
                endpoint=endpoint,
            )
        return ""

    def _mass_invoice_address_problem(self):
        if not self.env["snailmail.letter"]._is_valid_address(self.invoice_partner_id):
            return self.env._(
                "%(customer)s has no complete postal address (street, zip, city, country).",
                customer=self.invoice_partner_id.display_name,
            )
        return ""

    def _mass_invoice_send_by_odoo(self, odoo_method):
        """Send the invoice by one of Odoo's sending methods; an error text or "".

        Emails stay queued (Odoo's mail queue sends them) and are only visible to it once this
        transaction commits, in which the recipient is marked delivered: a rolled back batch sends nothing.
        """
        self.ensure_one()
        run = self.run_id
        # In the run's company: Odoo decides e.g. Peppol's demo mode by the environment's company.
        # Emails are queued, not sent in the middle of the batch (the context of the record posting them counts).
        move = self.move_id.with_company(run.company_id).with_context(mail_notify_force_send=False)
        errors = {}
        sender = (
            self.env["account.move.send"]
            .with_company(run.company_id)
            .with_context(
                mass_invoice_errors=errors,
                mass_invoice_run_id=run.id,
                mass_invoice_channel=odoo_method,
                mail_notify_force_send=False,
            )
        )
        settings = {
            "sending_methods": [odoo_method],
            "author_user_id": run.user_id.id or self.env.user.id,
            "author_partner_id": (run.user_id or self.env.user).partner_id.id,
        }
        if run.pdf_report_id:
            settings["pdf_report"] = run.pdf_report_id
        if odoo_method == "email" and run.mail_template_id:
            settings["mail_template"] = run.mail_template_id
        letters_before = self._mass_invoice_letters()
        sent_before = self.env["mail.mail"].sudo().search([("model", "=", "account.move"), ("res_id", "=", move.id)])
        if odoo_method == "peppol":
            # Odoo commits inside its Peppol sending outside tests: no savepoint around it.
            sender._generate_and_send_invoices(move, allow_raising=False, **settings)
        else:
            try:
                with self.env.cr.savepoint():
                    sender._generate_and_send_invoices(move, allow_raising=False, **settings)
            except UserError as error:
                return error.args[0]
        if errors.get(move.id) and odoo_method == "email" and move.partner_id.invoice_edi_format:
            # Odoo attaches the customer's e-invoice format to the email too; when it cannot be built,
            # the email still goes, with the PDF only.
            errors.clear()
            settings["invoice_edi_format"] = None
            try:
                with self.env.cr.savepoint():
                    sender._generate_and_send_invoices(move, allow_raising=False, **settings)
            except UserError as error:
                return error.args[0]
        if errors.get(move.id):
            return errors[move.id]
        if odoo_method == "snailmail":
            self.letter_id = (self._mass_invoice_letters() - letters_before)[:1]
        if odoo_method == "email":
            mails = (
                self.env["mail.mail"]
                .sudo()
                .search([("model", "=", "account.move"), ("res_id", "=", move.id), ("state", "=", "outgoing")])
                - sent_before
            )
            if not mails:
                return self.env._("No email was made for the invoice.")
            # Odoo's mail queue sends it once this transaction is committed.
            self.env.ref("mail.ir_cron_mail_scheduler_action")._trigger()
        return ""

    def _mass_invoice_credit_missing(self):
        """Whether the snailmail service refused a letter for missing credit (it has not been topped up since)."""
        return bool(
            self.env["snailmail.letter"]
            .sudo()
            .search_count([("state", "=", "error"), ("error_code", "=", "CREDIT_ERROR")], limit=1)
        )

    def _mass_invoice_letters(self):
        return (
            self.env["snailmail.letter"]
            .sudo()
            .search([("model", "=", "account.move"), ("res_id", "=", self.move_id.id)])
        )


class MassInvoiceAttempt(models.Model):
    """One try of one delivery method for one recipient, with why it failed."""

    _name = "mass.invoice.attempt"
    _description = "Mass Invoicing Delivery Attempt"
    _order = "id"

    recipient_id = fields.Many2one("mass.invoice.recipient", required=True, ondelete="cascade", index=True)
    method = fields.Selection(
        selection=lambda self: self.env["mass.invoice.delivery.method"]._fields["method"].selection, required=True
    )
    result = fields.Selection(
        [("delivered", "Delivered"), ("failed", "Failed"), ("waiting", "Waiting"), ("draft", "Saved as Draft")],
        required=True,
    )
    reason = fields.Text()
    create_date = fields.Datetime(string="Tried On")
