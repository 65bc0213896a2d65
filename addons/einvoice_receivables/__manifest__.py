{
    "name": "E-invoice Receivables",
    "summary": "E-invoice recipient status, automatic and scheduled sending, "
    "collective invoices, mass invoicing and payment reminders",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": ["account", "account_peppol", "mail", "portal", "sale"],
    "external_dependencies": {"python": ["lxml", "requests"]},
    "data": [
        "security/ir.model.access.csv",
        "views/res_config_settings_views.xml",
        "views/res_partner_views.xml",
        "views/account_move_views.xml",
        "views/menus.xml",
    ],
    "installable": True,
    "application": False,
}
