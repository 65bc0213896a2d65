{
    "name": "Mass Invoicing with Automatic Sending",
    "summary": "The invoices of a mass invoicing run are delivered by the run alone, not also by automatic sending",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": ["account_mass_invoicing", "account_invoice_auto_send"],
    "auto_install": True,
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
}
