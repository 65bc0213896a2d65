"""Features that were part of einvoice_receivables become add-ons of their own: each one's install
hooks call `claim` and `restore` from here, when it is installed on a database that had
einvoice_receivables (an upgrade with `-u einvoice_receivables` installs them first).

Such a database holds the feature's models, fields and records under einvoice_receivables' XML
ids. They are given to the new add-on before it loads: otherwise Odoo would create the records a
second time, then delete the old ones (and the columns and tables of their fields and models) at
the end of the upgrade of einvoice_receivables.

Odoo writes every record of an add-on it installs, even those marked `noupdate` (a scheduled
action's timing, the levels an accountant edited): those records are kept aside before and written
back after the install.
"""

import csv
from pathlib import Path

from lxml import etree

from odoo.models import MetaModel
from odoo.modules.module import get_manifest
from odoo.tools import SQL, file_path

FORMER_MODULE = "einvoice_receivables"
KEPT = "einvoice_receivables_split_kept_rows"


def claim(env, module, renamed_parameters=None):
    """Give `module` its records held by einvoice_receivables; rename system parameters {old: new}."""
    if not _installed(env, FORMER_MODULE):
        return
    models, fields = _defined_models_and_fields(module)
    _claim_reflection(env, module, models, fields)
    _claim_records(env, module, _record_names(module))
    _keep_noupdate_rows(env, module)
    for old, new in (renamed_parameters or {}).items():
        env.cr.execute(SQL("UPDATE ir_config_parameter SET key = %s WHERE key = %s", new, old))


def restore(env):
    """Write back the `noupdate` records `claim` kept aside, once the new add-on has loaded."""
    env.cr.execute(SQL("SELECT to_regclass(%s)", KEPT))
    if not env.cr.fetchone()[0]:
        return
    env.cr.execute(SQL("SELECT model_table, kept_table FROM %s", SQL.identifier(KEPT)))
    for table, kept in env.cr.fetchall():
        _write_back(env, table, kept)
        env.cr.execute(SQL("DROP TABLE %s", SQL.identifier(kept)))
    env.cr.execute(SQL("DROP TABLE %s", SQL.identifier(KEPT)))
    env.invalidate_all()


def _installed(env, module):
    env.cr.execute(
        SQL("SELECT 1 FROM ir_module_module WHERE name = %s AND state IN ('installed', 'to upgrade')", module)
    )
    return bool(env.cr.rowcount)


def _defined_models_and_fields(module):
    """The models this add-on creates and the fields it adds to any model, from its classes."""
    models, fields = set(), set()
    for cls in MetaModel.module_to_models[module]:
        if cls._name not in cls._inherit:
            models.add(cls._name)
        fields.update((cls._name, field.name) for field in cls._field_definitions)
    return models, fields


def _claim_reflection(env, module, models, fields):
    env.cr.execute(SQL("SELECT id FROM ir_module_module WHERE name = %s", FORMER_MODULE))
    former_id = env.cr.fetchone()[0]
    env.cr.execute(SQL("SELECT id FROM ir_module_module WHERE name = %s", module))
    module_id = env.cr.fetchone()[0]
    env.cr.execute(
        SQL(
            """
            UPDATE ir_model_data d SET module = %(module)s
              FROM ir_model m
             WHERE d.module = %(former)s AND d.model = 'ir.model' AND d.res_id = m.id AND m.model = ANY(%(models)s)
            """,
            module=module,
            former=FORMER_MODULE,
            models=list(models),
        )
    )
    # One statement for all the fields (an upgrade claims hundreds of them).
    fields = sorted(fields)
    env.cr.execute(
        SQL(
            """
            UPDATE ir_model_data d SET module = %(module)s
              FROM ir_model_fields f
              JOIN unnest(%(models)s::varchar[], %(names)s::varchar[]) AS claimed(model, name)
                ON claimed.model = f.model AND claimed.name = f.name
              LEFT JOIN ir_model_fields_selection s ON s.field_id = f.id
             WHERE d.module = %(former)s
               AND ((d.model = 'ir.model.fields' AND d.res_id = f.id)
                 OR (d.model = 'ir.model.fields.selection' AND d.res_id = s.id))
            """,
            module=module,
            former=FORMER_MODULE,
            models=[model for model, _name in fields],
            names=[name for _model, name in fields],
        )
    )
    # The SQL constraints' XML ids too: left behind, their records and constraints would be dropped.
    env.cr.execute(
        SQL(
            """
            UPDATE ir_model_data d SET module = %(module)s
              FROM ir_model_constraint c JOIN ir_model m ON m.id = c.model
             WHERE d.module = %(former)s AND d.model = 'ir.model.constraint' AND d.res_id = c.id
               AND m.model = ANY(%(models)s)
            """,
            module=module,
            former=FORMER_MODULE,
            models=list(models),
        )
    )
    for table in (SQL("ir_model_constraint"), SQL("ir_model_relation")):
        env.cr.execute(
            SQL(
                "UPDATE %s t SET module = %s FROM ir_model m"
                " WHERE t.model = m.id AND t.module = %s AND m.model = ANY(%s)",
                table,
                module_id,
                former_id,
                list(models),
            )
        )


def _claim_records(env, module, names):
    env.cr.execute(
        SQL(
            "UPDATE ir_model_data SET module = %s WHERE module = %s AND name = ANY(%s)",
            module,
            FORMER_MODULE,
            list(names),
        )
    )


def _record_names(module):
    """The XML ids this add-on's data files define (its own, without a module prefix)."""
    manifest = get_manifest(module)
    names = set()
    for relative in manifest["data"] + manifest.get("demo", []):
        path = Path(file_path(f"{module}/{relative}"))
        if path.suffix == ".csv":
            with path.open(newline="") as rows:
                names.update(row["id"] for row in csv.DictReader(rows))
        else:
            names.update(etree.parse(str(path)).xpath("//*[self::record or self::menuitem or self::template]/@id"))
    return {name.removeprefix(f"{module}.") for name in names if "." not in name.removeprefix(f"{module}.")}


def _keep_noupdate_rows(env, module):
    env.cr.execute(
        SQL(
            "SELECT model, array_agg(res_id) FROM ir_model_data WHERE module = %s AND noupdate GROUP BY model",
            module,
        )
    )
    groups = env.cr.fetchall()
    env.cr.execute(SQL("CREATE TEMP TABLE IF NOT EXISTS %s (model_table text, kept_table text)", SQL.identifier(KEPT)))
    env.cr.execute(SQL("SELECT count(*) FROM %s", SQL.identifier(KEPT)))
    offset = env.cr.fetchone()[0]
    for index, (model, ids) in enumerate(groups, start=offset):
        table, kept = model.replace(".", "_"), f"split_kept_rows_{index}"
        env.cr.execute(
            SQL(
                "CREATE TEMP TABLE %s AS SELECT * FROM %s WHERE id = ANY(%s)",
                SQL.identifier(kept),
                SQL.identifier(table),
                ids,
            )
        )
        env.cr.execute(SQL("INSERT INTO %s VALUES (%s, %s)", SQL.identifier(KEPT), table, kept))


def _write_back(env, table, kept):
    env.cr.execute(
        SQL(
            """
            SELECT column_name FROM information_schema.columns c
             WHERE table_name = %s AND column_name != 'id' AND EXISTS (
                   SELECT 1 FROM information_schema.columns k
                    WHERE k.table_name = %s AND k.column_name = c.column_name)
            """,
            table,
            kept,
        )
    )
    columns = [SQL.identifier(name) for (name,) in env.cr.fetchall()]
    env.cr.execute(
        SQL(
            "UPDATE %s t SET (%s) = (SELECT %s FROM %s k WHERE k.id = t.id) WHERE t.id IN (SELECT id FROM %s)",
            SQL.identifier(table),
            SQL(", ").join(columns),
            SQL(", ").join(columns),
            SQL.identifier(kept),
            SQL.identifier(kept),
        )
    )
