import logging

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..delivery import DraftChannel, EmailChannel, PreferredChannel
from ..delivery.base import DRAFT, FAILED
from .mass_invoice_delivery_method import BY_HAND, METHODS

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
    # Listed, not computed from the delivery method's field: Odoo translates the labels of a listed selection only.
    delivered_method = fields.Selection(METHODS + BY_HAND, string="Delivered By", readonly=True)
    attempt_ids = fields.One2many("mass.invoice.attempt", "recipient_id", string="Attempts", readonly=True)
    attempt_count = fields.Integer(compute="_compute_attempt_count", string="Attempts Made")
    last_error = fields.Text(string="Reason", readonly=True)
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
            run = run._mass_invoice_in_language().with_company(run.company_id)
            recipients = recipients.with_context(lang=run.env.lang)
            moves = recipients._mass_invoice_create_moves(run, recipients)
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
        planned = {}  # what the plan of this batch learnt so far (see _mass_invoice_plan_channel)
        for recipient in self.filtered(lambda r: r.move_id and r.state != "failed"):
            chain = recipient.run_id._mass_invoice_chain()
            index, problem = recipient.chain_index, ""
            while chain[index] != "draft":
                if recipient._mass_invoice_tried_before(chain, index):
                    index += 1
                    continue
                channel = recipient._mass_invoice_channels()[chain[index]].resolve(recipient)
                problem = channel.problem(recipient)
                if not problem:
                    break
                recipient._mass_invoice_log(channel.code, FAILED, problem)
                index += 1
            if chain[index] != "draft" and not recipient._mass_invoice_plan_channel(channel, index, planned):
                continue  # kept a draft by the channel (e.g. the known postal credit does not cover its letter)
            if chain[index] == "draft":
                recipient._mass_invoice_log("draft", DRAFT)
                # Why it ended as a draft: the last method that could not apply.
                values = {"state": "draft", "delivered_method": "draft", "chain_index": index}
                recipient.write({**values, "last_error": problem or False})
                recipient.move_id._mass_invoice_give_up()
            else:
                recipient.write({"state": "to_deliver", "chain_index": index})

    @api.model
    def _mass_invoice_channels(self):
        """{code: channel} of the delivery methods this database has; add-ons add theirs."""
        return {channel.code: channel for channel in (PreferredChannel(), EmailChannel(), DraftChannel())}

    def _mass_invoice_plan_channel(self, channel, index, planned):
        """The plan found that `channel` (at `index` of the chain) is this recipient's way; False when the
        channel made it a draft instead. `planned`: a dict the plan of the batch shares between recipients."""
        return True

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
