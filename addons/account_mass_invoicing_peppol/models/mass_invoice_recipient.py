from odoo import fields, models

from ..delivery import EinvoiceChannel
from .mass_invoice_delivery_method import EINVOICE


class MassInvoiceRecipient(models.Model):
    _inherit = "mass.invoice.recipient"

    delivered_method = fields.Selection(selection_add=EINVOICE)

    def _mass_invoice_channels(self):
        return {**super()._mass_invoice_channels(), EinvoiceChannel.code: EinvoiceChannel()}

    def _mass_invoice_peppol_problem(self):
        customer = self.partner_id.with_company(self.run_id.company_id)
        company = self.run_id.company_id
        if company.account_peppol_proxy_state not in self.env["account_edi_proxy_client.user"]._get_can_send_domain():
            return self.env._("The company is not registered to send e-invoices on Peppol.")
        if not (customer.peppol_eas and customer.peppol_endpoint):
            return self.env._("%(customer)s has no Peppol address.", customer=customer.display_name)
        # The stored verification (no network look-up here): set by Odoo's check on the customer card.
        if customer.peppol_verification_state != "valid":
            # Built outside the call: the translation extractor evaluates the call's string arguments.
            endpoint = f"{customer.peppol_eas}:{customer.peppol_endpoint}"
            return self.env._(
                "%(customer)s is not verified as a Peppol recipient (%(endpoint)s).",
                customer=customer.display_name,
                endpoint=endpoint,
            )
        return ""
