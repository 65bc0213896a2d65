from odoo import api, fields, models
from odoo.tools import SQL

from ..report.receivable_totals import TOTALS_COLUMNS


class PaymentReminderTotals(models.TransientModel):
    """The "Unpaid customer invoice totals" screen: totals as of a date, side lists, and the buttons."""

    _name = "payment.reminder.totals"
    _description = "Unpaid customer invoice totals"
    _check_company_auto = True

    date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        help="Amounts as they stood at the end of this day; invoices due before it are overdue.",
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    full_width = fields.Boolean(help="Show the totals without the invoices and correspondence beside them.")
    line_ids = fields.One2many("payment.reminder.totals.line", "wizard_id", string="Customers")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    invoice_ids = fields.Many2many(
        "account.move", string="Unpaid invoices", compute="_compute_customer_lists", readonly=True
    )
    credit_note_ids = fields.Many2many(
        "account.move",
        string="Credit notes not yet applied",
        compute="_compute_customer_lists",
        readonly=True,
        help="Credits, not amounts due: shown signed, as in the ledger.",
    )
    reminder_ids = fields.Many2many(
        "payment.reminder", string="Correspondence", compute="_compute_customer_lists", readonly=True
    )
    summary = fields.Text(readonly=True)
    unapplied_warning = fields.Char(compute="_compute_unapplied_warning")
    overdue_total = fields.Monetary(compute="_compute_unapplied_warning", string="Overdue total")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("partner_id", "date")
    def _compute_customer_lists(self):
        for wizard in self:
            partner = wizard.partner_id
            if not partner:
                wizard.invoice_ids = wizard.credit_note_ids = wizard.reminder_ids = False
                continue
            unpaid = self.env["account.move"].search(
                [
                    ("commercial_partner_id", "=", partner.id),
                    ("company_id", "=", wizard.company_id.id),
                    ("move_type", "in", ("out_invoice", "out_refund", "out_receipt")),
                    ("state", "=", "posted"),
                    ("payment_state", "in", ("not_paid", "partial")),
                ],
                order="invoice_date_due, name",
            )
            wizard.credit_note_ids = unpaid.filtered(lambda move: move.move_type == "out_refund")
            wizard.invoice_ids = unpaid - wizard.credit_note_ids
            wizard.reminder_ids = self.env["payment.reminder"].search(
                [("partner_id", "=", partner.id), ("company_id", "=", wizard.company_id.id)]
            )

    @api.depends("line_ids.unapplied_credit", "line_ids.overdue_amount")
    def _compute_unapplied_warning(self):
        for wizard in self:
            unapplied = wizard.line_ids.filtered("unapplied_credit")
            wizard.overdue_total = sum(wizard.line_ids.mapped("overdue_amount"))
            wizard.unapplied_warning = (
                self.env._(
                    "%(count)s customers have payments or credit notes not matched with invoices: "
                    "reconcile them before reminding.",
                    count=len(unapplied),
                )
                if unapplied
                else False
            )

    @api.depends_context("lang")
    def _compute_display_name(self):
        # The screen's title in the breadcrumb, as Odoo's own report screens have.
        self.display_name = self.env._("Unpaid customer invoice totals")

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    @api.model
    def action_open(self):
        """Menu entry: a new screen with today's totals."""
        wizard = self.create({})
        wizard._payment_reminder_load_lines()
        return wizard._payment_reminder_reopen()

    def action_refresh(self):
        self.ensure_one()
        self._payment_reminder_load_lines()
        return True

    def action_select_late(self):
        """Tick every customer due for a reminder (and untick the others)."""
        self.ensure_one()
        for line in self.line_ids:
            line.selected = line.is_due
        return True

    def action_send(self):
        """Email a payment reminder to every ticked customer."""
        self.ensure_one()
        lines = self.line_ids.filtered("selected")
        if not lines:
            self.summary = self.env._("Tick the customers to remind, or use Select late customers.")
            return True
        results = self.env["payment.reminder"]._payment_reminder_send(lines.partner_id, self.company_id, self.date)
        sent = [pid for pid, result in results.items() if result["status"] == "sent"]
        partners = self.env["res.partner"].browse(results)
        report = [self.env._("Payment reminders sent: %s", len(sent))]
        report += [
            f"{partner.display_name}: {results[partner.id]['message']}"
            for partner in partners
            if results[partner.id]["status"] != "sent"
        ]
        self._payment_reminder_load_lines(keep_partner=True)
        self.summary = "\n".join(report)
        return True

    def action_toggle_full_width(self):
        self.ensure_one()
        self.full_width = not self.full_width
        return True

    def action_new_call_note(self):
        self.ensure_one()
        return self.env["payment.reminder"]._payment_reminder_new_note_action(self.partner_id, self.company_id)

    # ------------------------------------------------------------------
    # Private helpers
    # ------------------------------------------------------------------

    def _payment_reminder_load_lines(self, keep_partner=False):
        """(Re)compute the rows: one INSERT ... SELECT of the totals query, no per-customer work.

        The rows are plain figures of this screen (nothing refers to them, nothing is logged on them):
        the previous ones are deleted by one statement too, not record by record.
        """
        self.ensure_one()
        self.env.flush_all()  # the SQL below reads and deletes rows: pending ORM writes first
        self.env.cr.execute(SQL("DELETE FROM payment_reminder_totals_line WHERE wizard_id = %s", self.id))
        self.env["payment.reminder.totals.line"].invalidate_model()
        columns = SQL(", ").join(SQL.identifier(column) for column in TOTALS_COLUMNS)
        query = self.env["payment.reminder.receivable.totals"]._totals_query(self.date, self.company_id)
        with self.env["payment.reminder.receivable.totals"]._without_jit():
            self.env.cr.execute(
                SQL(
                    """
                INSERT INTO payment_reminder_totals_line
                       (wizard_id, selected, create_uid, create_date, write_uid, write_date, %(columns)s)
                SELECT %(wizard)s, FALSE, %(user)s, NOW() AT TIME ZONE 'UTC', %(user)s, NOW() AT TIME ZONE 'UTC',
                       %(columns)s
                  FROM (%(query)s) totals
                """,
                    columns=columns,
                    wizard=self.id,
                    user=self.env.uid,
                    query=query,
                )
            )
        self.invalidate_recordset(["line_ids"])
        if not keep_partner:
            self.partner_id = False
        self.summary = False

    def _payment_reminder_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Unpaid customer invoice totals"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
            "context": {"dialog_size": "extra-large"},
        }
