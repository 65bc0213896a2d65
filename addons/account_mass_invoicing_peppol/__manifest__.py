{
    "name": "Mass Invoicing by Peppol",
    "summary": "Mass invoicing delivers by e-invoice (Peppol BIS Billing 3.0 / EHF) through Odoo's Peppol access "
    "point, with the run's files embedded in the e-invoice",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": ["account_mass_invoicing", "account_peppol"],
    "auto_install": True,
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "data": [
        "views/mass_invoice_run_views.xml",
    ],
}
