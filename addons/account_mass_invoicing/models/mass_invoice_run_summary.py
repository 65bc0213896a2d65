# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models


class MassInvoiceRun(models.Model):
    """The summary before the run: what it will cost and who cannot be reached by which method.

    Computed in one pass over the run's customers; the e-invoice and letter add-ons add their counts to it
    (_mass_invoice_summary_values).
    """

    _inherit = "mass.invoice.run"

    summary_amount_total = fields.Monetary(compute="_compute_summary", string="Total Amount")
    summary_no_email_count = fields.Integer(compute="_compute_summary", string="Without Email")
    summary_methods = fields.Char(compute="_compute_summary", string="Delivery Chain")
    summary_repeat_warning = fields.Char(compute="_compute_summary", string="Invoiced Before")

    @api.depends(
        "state",
        "include_category_ids",
        "exclude_category_ids",
        "partner_domain",
        "line_ids.price_total",
        "delivery_method_ids.method",
        "delivery_method_ids.sequence",
        "invoice_date",
        "line_ids.product_id",
        "line_ids.name",
    )
    def _compute_summary(self):
        """What a draft run will do, from one pass over its customers; a started run shows its outcome instead."""
        labels = dict(self.env["mass.invoice.delivery.method"]._fields["method"]._description_selection(self.env))
        for run in self:
            run.summary_methods = " → ".join(labels[code] for code in run._mass_invoice_chain())
            if run.state != "draft":
                # Nothing is counted (nor asked of a service) for a started run: its outcome replaces the summary.
                run.update(run._mass_invoice_started_summary())
                continue
            customers = run._mass_invoice_customers()
            addresses = run._mass_invoice_invoice_addresses(customers)
            run.update(run._mass_invoice_summary_values(customers, addresses))

    def _mass_invoice_summary_values(self, customers, addresses):
        """The summary's values of this draft run for its `customers` ({customer: invoice address})."""
        self.ensure_one()
        return {
            "summary_amount_total": self.amount_total * len(customers),
            "summary_no_email_count": sum(1 for c in customers if not addresses[c].email),
            "summary_repeat_warning": self._mass_invoice_repeat_warning(customers),
        }

    def _mass_invoice_started_summary(self):
        """The summary's values of a started run, which its outcome replaces."""
        return {"summary_amount_total": 0.0, "summary_no_email_count": 0, "summary_repeat_warning": False}
