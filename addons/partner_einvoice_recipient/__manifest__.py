{
    "name": "E-invoice Recipient Status",
    "summary": "Which customers receive e-invoices (Peppol, Estonian register), per company, kept up to date",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": ["account_peppol", "base_request_deadline", "mail"],
    "external_dependencies": {"python": ["lxml", "requests", "dnspython"]},
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "data": [
        "security/ir.model.access.csv",
        "security/einvoice_registry_security.xml",
        "data/ir_default_data.xml",
        "data/ir_cron_data.xml",
        "views/einvoice_registry_views.xml",
        "wizards/einvoice_recipient_update_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
        "views/account_move_einvoice_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/einvoice_recipient_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "partner_einvoice_recipient/static/tests/tours/**/*.js",
        ],
    },
}
