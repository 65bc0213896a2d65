from odoo import fields, models


class PaymentReminderLevel(models.Model):
    """A step of the dunning ladder: friendly reminder, second reminder, final notice.

    Each reminder sent to a customer moves it one level up; the last level repeats. The level's
    text opens the email, so the same template serves every level and every language.
    """

    _name = "payment.reminder.level"
    _description = "Payment reminder level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10, help="Reminders climb the levels in this order.")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Empty: the level is shared by all companies.",
    )
    days_overdue = fields.Integer(
        string="Days overdue",
        default=1,
        required=True,
        help="This level is sent only once the customer's oldest overdue invoice is at least this many days late.",
    )
    subject = fields.Char(
        translate=True,
        required=True,
        help="Subject of the email; the company name is added after it.",
    )
    mail_intro = fields.Text(
        string="Email text",
        translate=True,
        required=True,
        help="The paragraph that opens the reminder email, above the list of overdue invoices.",
    )
    mail_template_id = fields.Many2one(
        "mail.template",
        string="Email template",
        domain=[("model", "=", "payment.reminder")],
        help="Empty: the standard payment reminder template.",
    )
    attach_invoices = fields.Boolean(
        string="Attach invoice PDFs",
        help="Attach the PDF of every overdue invoice to the email of this level.",
    )

    _sql_constraints = [
        ("days_overdue_positive", "CHECK(days_overdue >= 0)", "Days overdue cannot be negative."),
    ]

    def _payment_reminder_template(self):
        self.ensure_one()
        return self.mail_template_id or self.env.ref("account_payment_reminder.mail_template_payment_reminder")
