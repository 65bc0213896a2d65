{
    "name": "Mass Invoicing by Post",
    "summary": "Mass invoicing delivers by letter through Odoo's snailmail: letters wait for postal credit (or "
    "become drafts), and the summary tells what the credit covers",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": ["account_mass_invoicing", "snailmail_account"],
    "auto_install": True,
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "data": [
        "views/mass_invoice_recipient_views.xml",
        "views/mass_invoice_run_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "account_mass_invoicing_snailmail/static/tests/tours/**/*.js",
        ],
    },
}
