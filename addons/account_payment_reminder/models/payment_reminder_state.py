from odoo import fields, models
from odoo.tools import SQL


class PaymentReminderState(models.Model):
    """Where one customer stands in one company's dunning: one row per (customer, company).

    The row is also the lock: whoever sends a reminder holds it (``FOR UPDATE SKIP LOCKED``) and
    re-checks the interval in the same statement, so two users or two cron workers never send a
    customer two reminders within the interval.
    """

    _name = "payment.reminder.state"
    _description = "Payment reminder state of a customer"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    level_id = fields.Many2one("payment.reminder.level", string="Last level", ondelete="set null")
    last_reminder_date = fields.Date(string="Last reminder")
    promised_date = fields.Date(string="Promised payment date")
    next_reminder_date = fields.Date(string="Next reminder")
    last_attempt_date = fields.Date(help="Last day a reminder could not be sent (e.g. no email address).")
    last_reminder_id = fields.Many2one("payment.reminder", string="Last reminder sent", ondelete="set null")

    _sql_constraints = [
        ("partner_company_unique", "UNIQUE(partner_id, company_id)", "One reminder state per customer and company."),
    ]

    def _payment_reminder_ensure(self, partner_ids, company):
        """The state rows of `partner_ids` (commercial partners) in `company`, created where missing.

        INSERT ... ON CONFLICT, not search-then-create: two transactions creating the same row wait for
        each other instead of failing on the unique constraint.
        """
        if partner_ids:
            self.flush_model()
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO payment_reminder_state (partner_id, company_id, create_uid, write_uid,
                                                        create_date, write_date)
                    SELECT partner.id, %(company)s, %(uid)s, %(uid)s, NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'
                      FROM res_partner partner
                     WHERE partner.id = ANY(%(partners)s)
                    ON CONFLICT (partner_id, company_id) DO NOTHING
                    """,
                    company=company.id,
                    uid=self.env.uid,
                    partners=list(partner_ids),
                ),
                # A concurrent first reminder makes this fail to serialize: expected, Odoo retries the request.
                log_exceptions=False,
            )
        return self.search([("partner_id", "in", list(partner_ids)), ("company_id", "=", company.id)])
