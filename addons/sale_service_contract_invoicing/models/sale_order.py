# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date


class SaleOrder(models.Model):
    _inherit = "sale.order"

    service_invoice_interval = fields.Integer(
        string="Invoice Every (Months)",
        default=1,
        copy=False,
        help="Service contract: bill this order in periods of this many months. "
        "The order lines hold the quantities of the whole contract; each period "
        "invoices an equal share of them.",
    )
    service_start_date = fields.Date(
        string="Contract Start",
        copy=False,
        help="Date of the first service period; each period's invoice is dated at the period's start.",
    )
    service_end_date = fields.Date(
        string="Contract End",
        copy=False,
        help="Last day of the service contract; no period starts after it.",
    )

    @api.constrains("service_invoice_interval", "service_start_date", "service_end_date")
    def _check_service_contract(self):
        for order in self:
            if order.service_invoice_interval < 0:
                raise ValidationError(self.env._("The invoicing interval must be a positive number of months."))
            if (
                order.service_start_date
                and order.service_end_date
                and order.service_end_date < order.service_start_date
            ):
                raise ValidationError(self.env._("The contract cannot end before it starts."))

    def _get_service_period_dates(self):
        """Start date of every invoicing period of the contract.

        Each date is computed from the contract start (not from the previous period) so that
        month-end starts do not drift (31 Jan + 1 month + 1 month gives 31 Mar, not 28 Mar).
        """
        self.ensure_one()
        period_dates = []
        period_date = self.service_start_date
        while period_date <= self.service_end_date:
            period_dates.append(period_date)
            period_date = self.service_start_date + relativedelta(
                months=self.service_invoice_interval * len(period_dates)
            )
        return period_dates

    def _get_service_period_end(self, period_date, periods_left):
        """Last day a period bills: the day before the next period starts, the contract end for the last one."""
        if periods_left == 1:
            return self.service_end_date
        next_start = self.service_start_date + relativedelta(
            months=self.service_invoice_interval * (len(self._get_service_period_dates()) - periods_left + 1)
        )
        return min(next_start - relativedelta(days=1), self.service_end_date)

    def _check_service_contract_invoiceable(self):
        self.ensure_one()
        if not (self.service_invoice_interval and self.service_start_date and self.service_end_date):
            raise UserError(
                self.env._(
                    "Set the invoicing interval, the contract start and the contract end of %s first.",
                    self.name,
                )
            )
        if self.state != "sale":
            raise UserError(self.env._("Confirm the order %s before creating its contract invoices.", self.name))

    def action_create_service_invoices(self):
        """Create the draft invoices of every contract period at once, then show them.

        Each period goes through Odoo's own `_create_invoices`, so the invoice lines are linked
        to the order lines and the invoiced quantities of the order stay right; the context tells
        the order lines which share of their remaining quantity each period bills.
        """
        self.ensure_one()
        self._check_service_contract_invoiceable()
        period_dates = self._get_service_period_dates()
        invoices = self.env["account.move"]
        for periods_left, period_date in zip(range(len(period_dates), 0, -1), period_dates, strict=True):
            invoices |= self.with_context(
                service_period_date=period_date,
                service_period_end=self._get_service_period_end(period_date, periods_left),
                service_periods_left=periods_left,
            )._create_invoices()
        self.message_post(
            body=self.env._(
                "%(count)s contract invoices created, every %(months)s months from %(start)s to %(end)s.",
                count=len(invoices),
                months=self.service_invoice_interval,
                start=format_date(self.env, self.service_start_date),
                end=format_date(self.env, self.service_end_date),
            )
        )
        return self.action_view_invoice(invoices)

    def _prepare_invoice(self):
        invoice_vals = super()._prepare_invoice()
        period_date = self.env.context.get("service_period_date")
        if period_date:
            invoice_vals["invoice_date"] = period_date
            invoice_vals["service_period_start"] = period_date
            invoice_vals["service_period_end"] = self.env.context.get("service_period_end")
            if not invoice_vals.get("invoice_payment_term_id"):
                # Without payment terms Odoo keeps the due date computed on creation (today): due on the period's date.
                invoice_vals["invoice_date_due"] = period_date
        return invoice_vals
