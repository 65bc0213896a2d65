# One file per feature of the model (see STYLE.md), so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models


class MassInvoiceRun(models.Model):
    """The summary before the run: what it will cost and who cannot be reached by which method."""

    _inherit = "mass.invoice.run"

    summary_amount_total = fields.Monetary(compute="_compute_summary", string="Total Amount")
    summary_no_email_count = fields.Integer(compute="_compute_summary", string="Without Email")
    summary_no_peppol_count = fields.Integer(compute="_compute_summary", string="Without Peppol Address")
    summary_no_address_count = fields.Integer(compute="_compute_summary", string="Without Postal Address")
    summary_methods = fields.Char(compute="_compute_summary", string="Delivery Chain")

    @api.depends(
        "include_category_ids",
        "exclude_category_ids",
        "partner_domain",
        "line_ids.price_total",
        "delivery_method_ids.method",
        "delivery_method_ids.sequence",
    )
    def _compute_summary(self):
        labels = dict(self.env["mass.invoice.delivery.method"]._fields["method"]._description_selection(self.env))
        for run in self:
            customers = run._mass_invoice_customers()
            addresses = run._mass_invoice_invoice_addresses(customers)
            run.summary_amount_total = run.amount_total * len(customers)
            run.summary_no_email_count = sum(1 for c in customers if not addresses[c].email)
            run.summary_no_peppol_count = sum(1 for c in customers if not (c.peppol_eas and c.peppol_endpoint))
            letter = self.env["snailmail.letter"]
            run.summary_no_address_count = sum(1 for c in customers if not letter._is_valid_address(addresses[c]))
            chain = []
            for line in run.delivery_method_ids.sorted("sequence"):
                chain.append(labels[line.method])
                if line.method == "draft":
                    break
            run.summary_methods = " → ".join(chain)
