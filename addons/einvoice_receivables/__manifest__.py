{
    "name": "E-invoice Receivables",
    "summary": "Receivables automation: installs e-invoice recipient status, automatic sending, "
    "collective invoices, service contracts, payment reminders and mass invoicing, with demo data",
    "version": "18.0.2.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": [
        "account_invoice_auto_send",
        "account_invoice_auto_send_peppol",
        "account_invoice_collective",
        "account_invoice_send_owner",
        "account_mass_invoicing",
        "account_mass_invoicing_peppol",
        "account_mass_invoicing_snailmail",
        "account_peppol_ubl_validation",
        "account_payment_reminder",
        "partner_einvoice_recipient",
        "sale_service_contract_invoicing",
    ],
    "external_dependencies": {"python": ["lxml"]},
    "demo": [
        "demo/invoicing_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "einvoice_receivables/static/tests/tours/**/*.js",
        ],
    },
}
