{
    "name": "Collective Invoices",
    "summary": "Merge a customer's draft invoices into one collective invoice, sent on its send date",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": ["account_invoice_auto_send"],
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "data": [
        "security/ir.model.access.csv",
        "views/account_move_collective_views.xml",
        "wizards/account_move_collective_merge_views.xml",
        "wizards/account_move_send_date_reminder_views.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "account_invoice_collective/static/src/services/*.js",
            "account_invoice_collective/static/src/scss/*.scss",
        ],
        "web.assets_tests": [
            "account_invoice_collective/static/tests/tours/**/*.js",
        ],
    },
}
