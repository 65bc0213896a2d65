from odoo import api, fields, models
from odoo.tools import SQL, format_amount, sql


class PaymentReminderTotalsLine(models.TransientModel):
    """One customer's row in the unpaid invoice totals; rows are inserted by one SQL statement."""

    _name = "payment.reminder.totals.line"
    _description = "Unpaid customer invoice totals: customer"
    _order = "overdue_amount desc, id"
    # The table is made by init(), without foreign keys: see there. Dates kept for the transient clean-up.
    _auto = False
    _log_access = True

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

    def init(self):
        """The table, as Odoo would make it but without foreign keys.

        Opening the screen inserts a row per customer with something open: tens of thousands. Each
        foreign key is a check per inserted row, together about half the time of filling the screen.
        The rows live as long as the screen: its customers have journal items (Odoo refuses to delete
        them) and the wizard's rows go with it by the transient models' clean-up.
        """
        cr = self.env.cr
        columns = [
            (field.name, field.column_type[1] + (" NOT NULL" if field.required else ""), field.string)
            for field in sorted(self._fields.values(), key=lambda field: field.column_order)
            if field.store and field.column_type and field.name != "id"
        ]
        if not sql.table_exists(cr, self._table):
            sql.create_model_table(cr, self._table, self._description, columns)
        existing = sql.table_columns(cr, self._table)
        for name, column_type, string in columns:
            if name not in existing:
                sql.create_column(cr, self._table, name, column_type, string)
        self._drop_foreign_keys()
        sql.create_index(cr, f"{self._table}__wizard_id_index", self._table, ["wizard_id"])

    def _drop_foreign_keys(self):
        """Databases made before: their table had Odoo's foreign keys."""
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
                self._table,
            )
        )
        for (name,) in cr.fetchall():
            sql.drop_constraint(cr, self._table, name)

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
