{
    "name": "E-invoice Receivables",
    "summary": "E-invoice recipient status, automatic and scheduled sending, "
    "collective invoices, mass invoicing and payment reminders",
    "version": "18.0.1.1.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": ["account", "account_peppol", "mail", "portal", "sale"],
    "external_dependencies": {"python": ["lxml", "requests", "dnspython"]},
    "data": [
        "security/ir.model.access.csv",
        "security/einvoice_registry_security.xml",
        "data/ir_cron_data.xml",
        "data/ir_cron_auto_send.xml",
        "views/einvoice_registry_views.xml",
        "wizards/einvoice_recipient_update_views.xml",
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
        "views/account_move_einvoice_views.xml",
        "views/account_move_auto_send_views.xml",
        "views/sale_order_views.xml",
        "views/account_move_collective_views.xml",
        "wizards/account_move_collective_merge_views.xml",
        "wizards/account_move_send_date_reminder_views.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "einvoice_receivables/static/src/services/*.js",
        ],
        "web.assets_tests": [
            "einvoice_receivables/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "application": False,
}
