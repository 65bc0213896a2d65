{
    "name": "Request Deadline",
    "summary": "A total deadline per outgoing HTTP request: headers and body, however slowly they come",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": ["base"],
    "external_dependencies": {"python": ["requests", "urllib3"]},
}
