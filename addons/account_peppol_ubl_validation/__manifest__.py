{
    "name": "Peppol UBL Schema Validation",
    "summary": "Each e-invoice is checked against the UBL 2.1 schema before Odoo's Peppol sender hands it to "
    "the access point",
    "version": "18.0.1.0.0",
    "category": "Accounting/Accounting",
    "license": "LGPL-3",
    "author": "Receivables Automation contributors",
    "website": "https://github.com/receivables-automation/odoo-receivables",
    "depends": ["account_peppol"],
    "external_dependencies": {"python": ["lxml", "xmlschema"]},
    "auto_install": True,
}
