{
    "name": "Payment Reminders",
    "summary": "Unpaid totals as of a date, reminders by level in the customer's language, call notes",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": ["account", "mail"],
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "data": [
        "security/ir.model.access.csv",
        "security/payment_reminder_security.xml",
        "data/ir_default_data.xml",
        "data/payment_reminder_mail_template.xml",
        "data/payment_reminder_level_data.xml",
        "data/ir_cron_payment_reminder.xml",
        "views/payment_reminder_views.xml",
        "views/payment_reminder_totals_views.xml",
        "views/payment_reminder_settings_views.xml",
        "views/res_partner_payment_reminder_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "account_payment_reminder/static/src/scss/*.scss",
        ],
        "web.assets_tests": [
            "account_payment_reminder/static/tests/tours/**/*.js",
        ],
    },
}
