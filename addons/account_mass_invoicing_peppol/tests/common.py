"""The mass invoicing tests' company on Peppol."""


class PeppolServices:
    """With MassInvoiceLiveCase (account_mass_invoicing.tests.common): the company sends e-invoices on Peppol
    through Odoo's account_peppol in demo mode (see test_mass_invoice_delivery of einvoice_receivables)."""

    @classmethod
    def _set_up_services(cls, env, company):
        # Each test class has a company of its own, with its own Peppol address (demo identifiers are unique).
        endpoint = f"{1000000000 + company.id}"
        company.partner_id.write({"peppol_eas": "0208", "peppol_endpoint": endpoint})
        env["account_edi_proxy_client.user"].create(
            {
                "id_client": f"demo-{company.id}",
                "proxy_type": "peppol",
                "edi_mode": "demo",
                "company_id": company.id,
                "edi_identification": f"0208:{endpoint}",
                "private_key_id": env["certificate.key"]._generate_rsa_private_key(company).id,
                "refresh_token": "demo",
            }
        )
        company.account_peppol_proxy_state = "sender"
        return super()._set_up_services(env, company)
