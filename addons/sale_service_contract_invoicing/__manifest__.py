{
    "name": "Service Contract Invoicing",
    "summary": "A sales order as a service contract: one draft invoice per period, to merge into collective invoices",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": ["sale", "account_invoice_collective"],
    "pre_init_hook": "pre_init_hook",
    "post_init_hook": "post_init_hook",
    "data": [
        "views/sale_order_views.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "sale_service_contract_invoicing/static/tests/tours/**/*.js",
        ],
    },
}
