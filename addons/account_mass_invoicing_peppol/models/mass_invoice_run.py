from odoo import api, fields, models


class MassInvoiceRun(models.Model):
    """The summary counts the customers without a Peppol address and warns when the company cannot send
    e-invoices while the chain may use them."""

    _inherit = "mass.invoice.run"

    summary_no_peppol_count = fields.Integer(compute="_compute_summary", string="Without Peppol Address")
    summary_peppol_warning = fields.Char(compute="_compute_summary_peppol_warning", string="Peppol")

    @api.depends("company_id", "delivery_method_ids.method", "delivery_method_ids.sequence")
    def _compute_summary_peppol_warning(self):
        can_send = self.env["account_edi_proxy_client.user"]._get_can_send_domain()
        for run in self:
            # The customer's preferred method may be the e-invoice too.
            uses_peppol = {"einvoice", "preferred"} & set(run._mass_invoice_chain())
            registered = run.company_id.account_peppol_proxy_state in can_send
            run.summary_peppol_warning = (
                self.env._("The company is not registered to send e-invoices on Peppol.")
                if uses_peppol and not registered
                else False
            )

    def _mass_invoice_summary_values(self, customers, addresses):
        values = super()._mass_invoice_summary_values(customers, addresses)
        values["summary_no_peppol_count"] = sum(1 for c in customers if not (c.peppol_eas and c.peppol_endpoint))
        return values

    def _mass_invoice_started_summary(self):
        return {**super()._mass_invoice_started_summary(), "summary_no_peppol_count": 0}
