{
    "name": "Mass Invoicing",
    "summary": "One invoice to a whole group of customers (membership fees), delivered by a fallback chain of "
    "methods down to a draft, with a summary before and the outcome per customer after",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": ["account_invoice_send_owner", "bus", "mail"],
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "data": [
        "security/ir.model.access.csv",
        "security/mass_invoice_security.xml",
        "data/ir_cron_mass_invoice.xml",
        "views/mass_invoice_recipient_views.xml",
        "views/mass_invoice_run_views.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "account_mass_invoicing/static/src/fields/*.js",
        ],
        "web.assets_tests": [
            "account_mass_invoicing/static/tests/tours/**/*.js",
        ],
    },
}
