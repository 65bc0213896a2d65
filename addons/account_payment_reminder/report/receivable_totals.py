import contextlib

from odoo import api, models
from odoo.tools import SQL

# Output columns of the totals query, in order; the totals screen inserts them as they come.
TOTALS_COLUMNS = (
    "partner_id",
    "open_amount",
    "overdue_amount",
    "unapplied_credit",
    "overdue_count",
    "oldest_due_date",
    "days_late",
    "not_due_amount",
    "days_1_30",
    "days_31_60",
    "days_61_90",
    "days_over_90",
    "open_by_currency",
    "overdue_by_currency",
    "last_reminder_date",
    "last_reminder_state",
    "promised_date",
    "next_reminder_date",
    "level_id",
    "next_level_id",
    "is_due",
)


class PaymentReminderReceivableTotals(models.AbstractModel):
    """Unpaid customer invoice totals as of a date, in one aggregated query.

    Amounts are what stood open on the date by accounting dates, as in the ledger and the aged
    receivables: a reconciliation counts when both its journal items are dated on or before the date
    (``max_date``), whenever the matching was done. So a customer's open total on a date is its
    receivable balance in the ledger on that date; a payment or credit note dated on or before it
    and matched with an invoice dated after it shows as unapplied credit on it.

    The query starts from today's residuals (Odoo keeps them on the journal items) and adds back only
    the reconciliations with an item dated after the date, so it reads the open items and the recent
    reconciliations, not the whole history. Dates are computed by PostgreSQL, so any date (up to
    9999-12-31) gives an answer.
    """

    _name = "payment.reminder.receivable.totals"
    _description = "Unpaid customer invoice totals"

    @api.model
    def _totals_query(self, date, company, partner_ids=None, due_only=False, automatic_only=False):
        """SQL for one row per commercial partner with an open receivable in `company` on `date`."""
        interval = company.payment_reminder_interval or 0
        partner_filter = SQL("AND partner.commercial_partner_id = ANY(%s)", list(partner_ids)) if partner_ids else SQL()
        # The partner field is company-dependent: its value for `company` is in a jsonb column.
        automatic_filter = (
            SQL(
                """AND CASE COALESCE(commercial.payment_reminder_mode ->> %(company)s, 'company')
                         WHEN 'company' THEN %(default)s
                         ELSE commercial.payment_reminder_mode ->> %(company)s END = 'auto'
                    AND (state.last_attempt_date IS NULL OR state.last_attempt_date < %(date)s)""",
                date=date,
                company=str(company.id),
                default="auto" if company.payment_reminder_auto else "manual",
            )
            if automatic_only
            else SQL()
        )
        query = SQL(
            """
            WITH open_items AS (
                -- Items open today (the predicate of Odoo's account_move_line__unreconciled_index, so that
                -- index serves it), then the reconciliations with an item dated after the date, added
                -- back to their items as rows of their own: few rows
                -- for a recent date, unlike summing every reconciliation ever made. An item's rows all
                -- have its sign (a debit item is the debit side of its reconciliations), so each row can
                -- be classed on its own.
                SELECT line.partner_id, line.move_id, line.currency_id,
                       COALESCE(line.date_maturity, line.date) AS due_date,
                       line.amount_residual AS residual,
                       line.amount_residual_currency AS residual_currency
                  FROM account_move_line line
                 WHERE line.account_id = ANY(%(accounts)s)
                   AND (line.reconciled IS NULL OR line.reconciled = false OR line.reconciled IS NOT true)
                   AND line.parent_state = 'posted'
                   AND line.company_id = %(company)s
                   AND line.date <= %(date)s
                UNION ALL
                SELECT line.partner_id, line.move_id, line.currency_id,
                       COALESCE(line.date_maturity, line.date),
                       undone.amount,
                       undone.amount_currency
                  FROM (
                        SELECT debit_move_id AS line_id, amount, debit_amount_currency AS amount_currency
                          FROM account_partial_reconcile
                         WHERE company_id = %(company)s AND max_date > %(date)s
                        UNION ALL
                        SELECT credit_move_id, -amount, -credit_amount_currency
                          FROM account_partial_reconcile
                         WHERE company_id = %(company)s AND max_date > %(date)s
                       ) undone
                  JOIN account_move_line line ON line.id = undone.line_id
                 WHERE line.account_id = ANY(%(accounts)s)
                   AND line.parent_state = 'posted'
                   AND line.company_id = %(company)s
                   AND line.date <= %(date)s
            ),
            items AS NOT MATERIALIZED (
                -- Read by the totals; by the per-currency amounts only for customers of several.
                SELECT partner.commercial_partner_id AS partner_id, open_items.move_id, open_items.currency_id,
                       due_date, residual, residual_currency,
                       residual > 0 AS owed,
                       residual > 0 AND due_date < %(date)s AS overdue
                  FROM open_items
                  JOIN res_partner partner ON partner.id = open_items.partner_id
                 WHERE residual <> 0 %(partner_filter)s
            ),
            totals AS (
                -- One row per customer. A move has one currency, so its overdue items are counted once.
                SELECT partner_id,
                       SUM(residual) AS open_amount,
                       COALESCE(SUM(residual) FILTER (WHERE overdue), 0) AS overdue_amount,
                       COALESCE(SUM(residual) FILTER (WHERE residual < 0), 0) AS unapplied_credit,
                       COUNT(DISTINCT move_id) FILTER (WHERE overdue) AS overdue_count,
                       MIN(due_date) FILTER (WHERE overdue) AS oldest_due_date,
                       COALESCE(%(date)s - MIN(due_date) FILTER (WHERE overdue), 0) AS days_late,
                       COALESCE(SUM(residual) FILTER (WHERE owed AND NOT overdue), 0) AS not_due_amount,
                       COALESCE(SUM(residual) FILTER (WHERE owed AND due_date BETWEEN %(day_30)s AND %(day_1)s), 0)
                           AS days_1_30,
                       COALESCE(SUM(residual) FILTER (WHERE owed AND due_date BETWEEN %(day_60)s AND %(day_31)s), 0)
                           AS days_31_60,
                       COALESCE(SUM(residual) FILTER (WHERE owed AND due_date BETWEEN %(day_90)s AND %(day_61)s), 0)
                           AS days_61_90,
                       COALESCE(SUM(residual) FILTER (WHERE owed AND due_date < %(day_90)s), 0) AS days_over_90,
                       -- The amounts in the items' currency, for the (most) customers of one currency.
                       MIN(currency_id) AS currency_id,
                       MIN(currency_id) <> MAX(currency_id) AS several_currencies,
                       SUM(residual_currency) AS open_currency,
                       COALESCE(SUM(residual_currency) FILTER (WHERE overdue), 0) AS overdue_currency
                  FROM items
                 GROUP BY partner_id
            ),
            several_currencies AS (
                -- The few customers with items in several currencies: their amounts per currency.
                SELECT partner_id,
                       jsonb_object_agg(currency.name, open_currency) AS open_by_currency,
                       jsonb_object_agg(currency.name, overdue_currency)
                           FILTER (WHERE overdue_currency <> 0) AS overdue_by_currency
                  FROM (
                        SELECT partner_id, currency_id,
                               SUM(residual_currency) AS open_currency,
                               COALESCE(SUM(residual_currency) FILTER (WHERE overdue), 0) AS overdue_currency
                          FROM items
                         WHERE partner_id IN (SELECT partner_id FROM totals WHERE several_currencies)
                           -- Not even a pass over the items when every customer has one currency.
                           AND EXISTS (SELECT FROM totals WHERE several_currencies)
                         GROUP BY partner_id, currency_id
                       ) per_currency
                  JOIN res_currency currency ON currency.id = per_currency.currency_id
                 GROUP BY partner_id
            ),
            levels AS (
                -- The company's active levels in order, each with the one after it (none after the last).
                SELECT id, sequence, days_overdue,
                       LEAD(id) OVER ordered AS after_id,
                       LEAD(days_overdue) OVER ordered AS after_days
                  FROM payment_reminder_level
                 WHERE active AND (company_id = %(company)s OR company_id IS NULL)
                WINDOW ordered AS (ORDER BY sequence, id)
            ),
            first_level AS (
                SELECT id, days_overdue FROM levels ORDER BY sequence, id LIMIT 1
            ),
            candidates AS (
                -- The next level: the one after the last sent, the last repeating. A customer never
                -- reminded, or whose invoices overdue at the last reminder are all settled, starts again
                -- at the first. A last level since archived is followed by the next active one.
                SELECT totals.*,
                       COALESCE(several.open_by_currency, jsonb_build_object(currency.name, totals.open_currency))
                           AS open_by_currency,
                       CASE WHEN totals.several_currencies THEN several.overdue_by_currency
                            WHEN totals.overdue_currency <> 0
                                THEN jsonb_build_object(currency.name, totals.overdue_currency) END
                           AS overdue_by_currency,
                       state.last_reminder_date,
                       last_reminder.state AS last_reminder_state,
                       state.promised_date,
                       state.next_reminder_date,
                       state.level_id,
                       CASE WHEN restart THEN first_level.id
                            WHEN current_level.id IS NOT NULL THEN COALESCE(current_level.after_id, current_level.id)
                            ELSE archived_next.id END AS next_level_id,
                       CASE WHEN restart THEN first_level.days_overdue
                            WHEN current_level.id IS NOT NULL
                                THEN COALESCE(current_level.after_days, current_level.days_overdue)
                            ELSE archived_next.days_overdue END AS next_level_days
                  FROM totals
                  JOIN res_currency currency ON currency.id = totals.currency_id
                  LEFT JOIN several_currencies several ON several.partner_id = totals.partner_id
                  JOIN res_partner commercial ON commercial.id = totals.partner_id
                  LEFT JOIN payment_reminder_state state
                         ON state.partner_id = totals.partner_id AND state.company_id = %(company)s
                  LEFT JOIN payment_reminder last_reminder ON last_reminder.id = state.last_reminder_id
                  LEFT JOIN levels current_level ON current_level.id = state.level_id
                  LEFT JOIN first_level ON TRUE
                  CROSS JOIN LATERAL (
                        SELECT COALESCE(state.level_id IS NULL
                                        OR totals.oldest_due_date > state.last_reminder_date, FALSE) AS restart
                  ) reset
                  LEFT JOIN LATERAL (
                        SELECT level.id, level.days_overdue
                          FROM payment_reminder_level archived
                          JOIN levels level ON (level.sequence, level.id) > (archived.sequence, archived.id)
                         WHERE archived.id = state.level_id AND current_level.id IS NULL AND NOT restart
                         ORDER BY level.sequence, level.id
                         LIMIT 1
                  ) archived_next ON TRUE
                 WHERE TRUE %(automatic_filter)s
            )
            SELECT %(columns)s,
                   (overdue_amount > 0
                    AND overdue_amount + unapplied_credit > 0
                    AND next_level_id IS NOT NULL
                    AND days_late >= next_level_days
                    AND (promised_date IS NULL OR promised_date < %(date)s)
                    AND (next_reminder_date IS NULL OR next_reminder_date <= %(date)s)
                    AND %(interval_passed)s) AS is_due
              FROM candidates
            """,
            company=company.id,
            accounts=self._receivable_account_ids(),
            date=date,
            **self._age_limits(date),
            partner_filter=partner_filter,
            automatic_filter=automatic_filter,
            columns=SQL(", ").join(SQL.identifier(column) for column in TOTALS_COLUMNS[:-1]),
            interval_passed=self._interval_passed_sql(SQL.identifier("candidates"), date, interval),
        )
        if due_only:
            query = SQL("SELECT * FROM (%s) totals WHERE is_due", query)
        return query

    @api.model
    def _receivable_account_ids(self):
        """The trade receivable accounts: the totals read their items by Odoo's unreconciled index."""
        self.env["account.account"].flush_model(["account_type", "non_trade"])
        self.env.cr.execute(
            SQL(
                """SELECT id FROM account_account
                    WHERE account_type = 'asset_receivable' AND NOT COALESCE(non_trade, FALSE)"""
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _age_limits(self, date):
        """The due dates bounding the age buckets: `day_N` is N days before `date` (SQL)."""
        return {f"day_{days}": SQL("(%s::date - %s)", date, days) for days in (1, 30, 31, 60, 61, 90)}

    @api.model
    def _interval_passed_sql(self, alias, date, interval):
        """True where the minimum interval since the last reminder has passed on `date`.

        A next-reminder date set by a call note overrides the interval: the user asked for that day.
        """
        return SQL(
            """(%(alias)s.last_reminder_date IS NULL
                OR %(alias)s.last_reminder_date <= %(cutoff)s
                OR (%(alias)s.next_reminder_date <= %(date)s
                    AND %(alias)s.next_reminder_date > %(alias)s.last_reminder_date))""",
            alias=alias,
            cutoff=SQL("(%s::date - %s)", date, interval or 0),
            date=date,
        )

    @api.model
    def _totals(self, date, company, partner_ids=None, due_only=False, automatic_only=False):
        """The totals as a list of dicts (column name: value)."""
        self.env.flush_all()  # raw SQL reads the tables: pending ORM writes must be in them
        with self._without_jit():
            self.env.cr.execute(self._totals_query(date, company, partner_ids, due_only, automatic_only))
            return self.env.cr.dictfetchall()

    @api.model
    @contextlib.contextmanager
    def _without_jit(self):
        """PostgreSQL's JIT compiles this many-aggregate query for longer than it then runs: off for it."""
        self.env.cr.execute("SET LOCAL jit = off")
        try:
            yield
        finally:
            self.env.cr.execute("SET LOCAL jit TO DEFAULT")
