{
    "name": "Webshop Connector (modified eCommerce)",
    "summary": "Import orders, customers, products and shipping methods from "
    "modified eCommerce Shopsoftware shops, and push order status back",
    "version": "18.0.1.0.0",
    "category": "Sales/Sales",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": ["sale_stock", "delivery"],
    "external_dependencies": {"python": ["lxml", "requests"]},
    "data": [
        "security/ir.model.access.csv",
    ],
    "installable": True,
    "application": False,
}
