"""The e-invoice status becomes company-dependent (a jsonb column {company id: value}).

The status was one for all companies: every company keeps it, so nothing is asked again.
Converted here because the ORM would otherwise move the old column aside and start empty.
"""

from odoo.tools import SQL

# How each old column's value becomes the jsonb value the ORM stores for a company.
COLUMNS = {
    "einvoice_recipient_state": "to_jsonb({})",
    "einvoice_network": "to_jsonb({})",
    "einvoice_identifier": "to_jsonb({})",
    "einvoice_checked_at": "to_jsonb(to_char({}, 'YYYY-MM-DD HH24:MI:SS'))",
    "einvoice_needs_check": "to_jsonb({})",
}


def migrate(cr, version):
    if not version:
        return
    cr.execute("SELECT id FROM res_company")
    company_keys = [str(company_id) for (company_id,) in cr.fetchall()]
    for column, as_json in COLUMNS.items():
        cr.execute(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'res_partner' AND column_name = %s",
            (column,),
        )
        found = cr.fetchone()
        if not found or found[0] == "jsonb":
            continue
        old = SQL.identifier(f"{column}_global")
        new = SQL.identifier(column)
        value = SQL(as_json.format("%s"), old)
        pairs = SQL(", ").join(SQL("%s, %s", key, value) for key in company_keys)
        cr.execute(SQL("ALTER TABLE res_partner RENAME COLUMN %s TO %s", new, old))
        cr.execute(SQL("ALTER TABLE res_partner ADD COLUMN %s jsonb", new))
        cr.execute(SQL("UPDATE res_partner SET %s = jsonb_build_object(%s) WHERE %s IS NOT NULL", new, pairs, old))
        cr.execute(SQL("ALTER TABLE res_partner DROP COLUMN %s", old))
