{
    "name": "Webshop Connector (modified eCommerce)",
    "summary": "Import orders, customers, products and shipping methods from "
    "modified eCommerce Shopsoftware shops, and push order status back",
    "version": "18.0.1.1.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": ["base_request_deadline", "sale_stock", "delivery", "stock_delivery"],
    "external_dependencies": {"python": ["lxml", "requests", "phonenumbers"]},
    "data": [
        "security/ir.model.access.csv",
        "security/shop_security.xml",
        "data/ir_cron.xml",
        "data/product_data.xml",
        "views/shop_backend_views.xml",
        "views/shop_import_run_views.xml",
        "views/sale_order_views.xml",
        "views/shop_review_views.xml",
        "wizards/shop_order_status_update_views.xml",
        "views/menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "shop_connector/static/tests/tours/*.js",
        ],
    },
}
