{
    "name": "Invoice Sending Owner",
    "summary": "One path sends each invoice: by hand, automatic sending, a send date or an integration, "
    "recorded on the invoice and respected by the others",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": ["account", "mail"],
    "post_init_hook": "post_init_hook",
    "data": [
        "views/account_move_views.xml",
    ],
}
