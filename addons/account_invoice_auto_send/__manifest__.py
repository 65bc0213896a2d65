{
    "name": "Automatic Invoice Sending",
    "summary": "Send invoices automatically (immediately, hourly, daily) or on a send date, with a blind copy, "
    "and an XML-RPC API for integrations",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": ["account_invoice_send_owner"],
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "data": [
        "data/ir_cron_auto_send.xml",
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
        "views/account_move_auto_send_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "account_invoice_auto_send/static/tests/tours/**/*.js",
        ],
    },
}
