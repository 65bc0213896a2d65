from odoo import api, fields, models
from odoo.tools import format_amount


class PaymentReminderTotalsLine(models.TransientModel):
    """One customer's row in the unpaid invoice totals; rows are inserted by one SQL statement."""

    _name = "payment.reminder.totals.line"
    _description = "Unpaid customer invoice totals: customer"
    _order = "overdue_amount desc, id"

    wizard_id = fields.Many2one("payment.reminder.totals", required=True, ondelete="cascade", index=True)
    selected = fields.Boolean(string="Select")
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    currency_id = fields.Many2one(related="wizard_id.company_id.currency_id")
    open_amount = fields.Monetary(string="Open", readonly=True)
    overdue_amount = fields.Monetary(string="Overdue", readonly=True)
    unapplied_credit = fields.Monetary(
        string="Unapplied payments",
        readonly=True,
        help="Payments and credit notes not matched with invoices. Reconcile them before reminding the customer.",
    )
    overdue_count = fields.Integer(string="Overdue invoices", readonly=True)
    oldest_due_date = fields.Date(string="Oldest due date", readonly=True)
    days_late = fields.Integer(string="Days late", readonly=True)
    not_due_amount = fields.Monetary(string="Not due", readonly=True)
    days_1_30 = fields.Monetary(string="1-30", readonly=True)
    days_31_60 = fields.Monetary(string="31-60", readonly=True)
    days_61_90 = fields.Monetary(string="61-90", readonly=True)
    days_over_90 = fields.Monetary(string="Over 90", readonly=True)
    open_by_currency = fields.Json(readonly=True)
    overdue_by_currency = fields.Json(readonly=True)
    overdue_by_currency_text = fields.Char(string="Overdue by currency", compute="_compute_overdue_by_currency_text")
    last_reminder_date = fields.Date(string="Last reminder", readonly=True)
    last_reminder_state = fields.Selection(
        selection=lambda self: self.env["payment.reminder"]._fields["state"].selection,
        string="Last reminder status",
        readonly=True,
    )
    promised_date = fields.Date(string="Promised payment", readonly=True)
    next_reminder_date = fields.Date(string="Next reminder", readonly=True)
    level_id = fields.Many2one("payment.reminder.level", string="Last level", readonly=True)
    next_level_id = fields.Many2one("payment.reminder.level", string="Next level", readonly=True)
    is_due = fields.Boolean(string="Due for a reminder", readonly=True)

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("overdue_by_currency")
    def _compute_overdue_by_currency_text(self):
        currencies = {currency.name: currency for currency in self.env["res.currency"].search([])}
        for line in self:
            amounts = line.overdue_by_currency or {}
            line.overdue_by_currency_text = ", ".join(
                format_amount(self.env, amount, currencies[name]) if name in currencies else f"{name} {amount}"
                for name, amount in sorted(amounts.items())
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_show_customer(self):
        """Show this customer's unpaid invoices and correspondence beside the totals."""
        self.ensure_one()
        self.wizard_id.partner_id = self.partner_id
