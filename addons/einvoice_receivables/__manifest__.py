{
    "name": "E-invoice Receivables",
    "summary": "Receivables automation: installs e-invoice recipient status, automatic sending, "
    "collective invoices, service contracts and payment reminders, with demo data; mass invoicing",
    "version": "18.0.2.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": [
        "account",
        "account_invoice_auto_send",
        "account_invoice_auto_send_peppol",
        "account_invoice_collective",
        "account_invoice_send_owner",
        "account_peppol",
        "account_peppol_ubl_validation",
        "account_payment_reminder",
        "partner_einvoice_recipient",
        "sale_service_contract_invoicing",
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
        "views/mass_invoice_recipient_views.xml",
        "views/mass_invoice_run_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/invoicing_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "einvoice_receivables/static/src/fields/*.js",
        ],
        "web.assets_tests": [
            "einvoice_receivables/static/tests/tours/**/*.js",
        ],
    },
}
