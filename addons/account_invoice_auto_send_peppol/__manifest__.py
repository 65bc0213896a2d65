{
    "name": "Automatic Invoice Sending by Peppol",
    "summary": "Automatic and scheduled invoice sending counts an invoice sent once Odoo's Peppol access point took it",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": ["account_invoice_auto_send", "account_peppol"],
    "auto_install": True,
}
