{
    "name": "E-invoice Receivables",
    "summary": "E-invoice recipient status, automatic and scheduled sending, "
    "collective invoices, mass invoicing and payment reminders",
    "version": "18.0.2.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": [
        "account",
        "account_invoice_auto_send",
        "account_invoice_auto_send_peppol",
        "account_peppol",
        "account_payment_reminder",
        "partner_einvoice_recipient",
        "mail",
        "portal",
        "sale",
        "snailmail_account",
    ],
    "external_dependencies": {"python": ["lxml"]},
    "data": [
        "security/ir.model.access.csv",
        "data/ir_cron_mass_invoice.xml",
        "security/mass_invoice_security.xml",
        "views/sale_order_views.xml",
        "views/account_move_collective_views.xml",
        "wizards/account_move_collective_merge_views.xml",
        "wizards/account_move_send_date_reminder_views.xml",
        "views/mass_invoice_recipient_views.xml",
        "views/mass_invoice_run_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/invoicing_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "einvoice_receivables/static/src/services/*.js",
            "einvoice_receivables/static/src/scss/*.scss",
        ],
        "web.assets_tests": [
            "einvoice_receivables/static/tests/tours/**/*.js",
        ],
    },
}
