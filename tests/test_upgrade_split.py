"""A database made with the version before the features became add-ons of their own (payment
reminders, the e-invoice recipient status, automatic sending, collective invoices and service
contracts, mass invoicing) upgrades with `-u einvoice_receivables` and keeps everything: the reminders, the levels
as the accountant edited them (German text included), the scheduled actions' timing, the system
parameters, the customers' reminder settings and e-invoice statuses, the registries with their
credentials, the automatic sending settings and scheduled invoices, a service contract and a
collective invoice merged from its drafts, a finished mass invoicing run with its recipients, attempts
and files, every record of the former add-on and every row of its tables.

Runs through scripts/test: the previous version is taken from git (PREVIOUS), installed with demo
data in a database of its own on scripts/test's cluster, given data, then upgraded with this code.
"""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
import devenv  # noqa: E402

PREVIOUS = "3ce05b58a852f7bb893e2e94efd1083339f72d14"  # einvoice_receivables 18.0.1.2.0
DBNAME = "upgrade_split"
MARK = "SNAPSHOT:"

MAKE_DATA = """
import base64
import datetime
from odoo import Command
env["res.lang"]._activate_lang("de_DE")
env["ir.module.module"]._load_module_terms(["einvoice_receivables"], ["de_DE"])
company = env.company
today = datetime.date.today()
late = env["res.partner"].create({"name": "Late Customer Ltd", "email": "late@example.com"})
manual = env["res.partner"].create({"name": "Called By Hand", "email": "hand@example.com"})
manual.with_company(company).payment_reminder_mode = "manual"
invoice = env["account.move"].create({
    "move_type": "out_invoice", "partner_id": late.id,
    "invoice_date": today - datetime.timedelta(days=60),
    "invoice_date_due": today - datetime.timedelta(days=40),
    "invoice_line_ids": [Command.create({"name": "Fee", "quantity": 1, "price_unit": 120})],
})
invoice.action_post()
env["payment.reminder"]._payment_reminder_send(late, company, today)
friendly = env.ref("einvoice_receivables.payment_reminder_level_friendly")
friendly.days_overdue = 3
friendly.with_context(lang="de_DE").mail_intro = "Von Hand geschrieben."
cron = env.ref("einvoice_receivables.ir_cron_payment_reminder")
cron.write({"interval_number": 3, "interval_type": "hours"})
env["ir.config_parameter"].set_param("einvoice_receivables.payment_reminder_batch_size", "7")
env["einvoice.registry"].create({"name": "Our access point", "provider": "peppol_directory",
    "url": "https://directory.example.com/export", "api_username": "club", "api_password": "s3cret"})
late.write({"einvoice_recipient_state": "recipient", "einvoice_network": "Peppol",
            "einvoice_identifier": "0192:987654321"})
registry_cron = env.ref("einvoice_receivables.ir_cron_einvoice_update_recipients")
registry_cron.write({"interval_number": 2, "interval_type": "hours"})
company.write({"invoice_auto_send_interval": "daily", "invoice_auto_send_bcc": True})
late.with_company(company).invoice_auto_send = True
scheduled = env["account.move"].create({
    "move_type": "out_invoice", "partner_id": manual.id, "send_date": today + datetime.timedelta(days=30),
    "invoice_line_ids": [Command.create({"name": "Next year's fee", "quantity": 1, "price_unit": 80})],
})
env["ir.config_parameter"].set_param("einvoice_receivables.auto_send_batch_size", "9")
service = env["product.product"].create({"name": "Maintenance visit", "type": "service", "invoice_policy": "order"})
order = env["sale.order"].create({
    "partner_id": late.id, "client_order_ref": "CONTRACT-UPGRADE",
    "order_line": [Command.create({"product_id": service.id, "product_uom_qty": 4, "price_unit": 50})],
    "service_invoice_interval": 3, "service_start_date": "2026-01-01", "service_end_date": "2026-12-31",
})
order.action_confirm()
order.action_create_service_invoices()
drafts = order.invoice_ids.sorted("invoice_date")
env["account.move.collective.merge"].create({"move_ids": [Command.set(drafts[:2].ids)]}).action_merge()
club = env["res.partner.category"].create({"name": "Upgrade club members"})
env["res.partner"].create([
    {"name": "Member With Email", "email": "member@example.com", "category_id": [Command.set(club.ids)]},
    {"name": "Member Without Email", "category_id": [Command.set(club.ids)]},
])
run = env["mass.invoice.run"].create({
    "name": "Upgrade membership fee", "include_category_ids": [Command.set(club.ids)],
    "line_ids": [Command.create({"name": "Membership fee", "quantity": 1, "price_unit": 300})],
    "delivery_method_ids": [Command.clear(), Command.create({"method": "einvoice", "sequence": 1}),
                            Command.create({"method": "email", "sequence": 2}),
                            Command.create({"method": "post", "sequence": 3}),
                            Command.create({"method": "draft", "sequence": 4})],
    "attachment_ids": [Command.create({"name": "statutes.txt", "datas": base64.b64encode(b"Club statutes"),
                                       "for_email": True, "for_einvoice": True})],
})
run.with_user(env.ref("base.user_admin")).action_run()
for _round in range(10):
    env["mass.invoice.run"]._mass_invoice_process_batch(run_ids=run.ids)
assert run.state == "done", run.state
env["ir.config_parameter"].set_param("einvoice_receivables.mass_invoice_batch_size", "11")
env.cr.commit()
"""

SNAPSHOT = """
import json
import base64
MARK = "__MARK__"
OURS = ("einvoice_receivables", "account_payment_reminder", "partner_einvoice_recipient",
        "account_invoice_auto_send", "account_invoice_auto_send_peppol", "account_invoice_collective",
        "sale_service_contract_invoicing", "account_mass_invoicing", "account_mass_invoicing_peppol",
        "account_mass_invoicing_snailmail", "account_invoice_send_owner", "account_peppol_ubl_validation")
env.cr.execute("SELECT model, res_id, module || '.' || name FROM ir_model_data WHERE module IN %s", [OURS])
records = sorted([model, res_id, xmlid.split(".", 1)[1]] for model, res_id, xmlid in env.cr.fetchall())
env.cr.execute("SELECT m.model FROM ir_model m JOIN ir_model_data d ON d.res_id = m.id AND d.model = 'ir.model'"
               " WHERE d.module IN %s", [OURS])
counts = {model: env[model].sudo().with_context(active_test=False).search_count([])
          for (model,) in env.cr.fetchall() if model in env and not env[model]._abstract}
def ref(name):
    return next(record for record in (env.ref(module + "." + name, raise_if_not_found=False) for module in OURS)
                if record)
friendly, cron = ref("payment_reminder_level_friendly"), ref("ir_cron_payment_reminder")
param = env["ir.config_parameter"].sudo()
cron_ids = env["ir.model.data"].search([("module", "in", OURS), ("model", "=", "ir.cron")]).mapped("res_id")
crons = env["ir.cron"].with_context(active_test=False, lang="en_US").browse(cron_ids)
def runs(cron):
    method = cron.code.split("(")[0].split(".")[-1]
    return callable(getattr(env[cron.model_id.model], method, None))
partner = env["res.partner"].search([("name", "=", "Called By Hand")])
reminders = env["payment.reminder"].search([("partner_id.name", "=", "Late Customer Ltd")])
run = env["mass.invoice.run"].search([("name", "=", "Upgrade membership fee")])
print(MARK + json.dumps({
    "records": records,
    "counts": counts,
    "friendly": [friendly.id, friendly.days_overdue, friendly.with_context(lang="de_DE").mail_intro],
    "cron": [cron.id, cron.interval_number, cron.interval_type, cron.active],
    "batch_size": param.get_param("account_payment_reminder.batch_size")
                  or param.get_param("einvoice_receivables.payment_reminder_batch_size"),
    "manual_mode": partner.with_company(env.company).payment_reminder_mode,
    "registry": env["einvoice.registry"].search([("name", "=", "Our access point")]).read(
        ["provider", "url", "api_username", "api_password"], load=None),
    "registry_cron": [ref("ir_cron_einvoice_update_recipients").id,
                      ref("ir_cron_einvoice_update_recipients").interval_type],
    "status": reminders.partner_id.read(["einvoice_recipient_state", "einvoice_network", "einvoice_identifier"]),
    "reminders": [[r.id, r.level_id.id, r.invoice_ids.ids] for r in reminders],
    "auto_send": [env.company.invoice_auto_send_interval, env.company.invoice_auto_send_bcc,
                  reminders.partner_id.with_company(env.company).invoice_auto_send],
    "scheduled": env["account.move"].search([("partner_id", "=", partner.id), ("state", "=", "draft")]).read(
        ["send_date", "auto_send_state", "auto_send_due"], load=None),
    "contract": env["sale.order"].search([("client_order_ref", "=", "CONTRACT-UPGRADE")]).read(
        ["service_invoice_interval", "service_start_date", "service_end_date", "invoice_ids"], load=None),
    "collective": env["account.move"].search([("is_collective", "=", True), ("invoice_origin", "ilike", "S")]).read(
        ["collective_source_ids", "service_period_start", "service_period_end", "state"], load=None),
    "crons_that_run": sorted([cron.name, runs(cron)] for cron in crons),
    "auto_send_batch_size": param.get_param("account_invoice_auto_send.batch_size")
                            or param.get_param("einvoice_receivables.auto_send_batch_size"),
    "mass_run": run.read(["state", "run_date", "recipient_ids", "line_ids", "delivered_count", "draft_count"],
                         load=None),
    "mass_methods": run.delivery_method_ids.read(["method", "sequence"], load=None),
    "mass_recipients": run.recipient_ids.read(
        ["partner_id", "move_id", "state", "delivered_method", "chain_index", "last_error", "attempt_ids"], load=None),
    "mass_attempts": run.recipient_ids.attempt_ids.read(["recipient_id", "method", "result", "reason"], load=None),
    "mass_files": [[f.id, f.name, f.for_email, f.for_einvoice, base64.b64decode(f.datas).decode()]
                   for f in run.attachment_ids],
    "mass_batch_size": [param.get_param("einvoice_receivables.mass_invoice_batch_size"),
                        param.get_param("account_mass_invoicing.batch_size")],
    "mass_owners": sorted({str(move.send_owner) for move in run.recipient_ids.move_id.filtered(
        lambda move: move.state == "posted")}) if "send_owner" in env["account.move"]._fields else None,
    "modules": dict(env["ir.module.module"].search([("name", "in", OURS)]).mapped(lambda m: (m.name, m.state))),
}, default=str))
""".replace("__MARK__", MARK)


@pytest.fixture(scope="module")
def server_args(odoo_server):
    if "ODOO_SERVER_ARGS" not in os.environ:
        pytest.skip("needs scripts/test's cluster")
    return json.loads(os.environ["ODOO_SERVER_ARGS"])


@pytest.fixture(scope="module")
def previous_addons(tmp_path_factory):
    """The previous version's einvoice_receivables, from git."""
    root = tmp_path_factory.mktemp("previous")
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", PREVIOUS, "addons/einvoice_receivables"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive.stdout, check=True)
    yield root / "addons"
    shutil.rmtree(root, ignore_errors=True)


def odoo(args, *command, stdin=None):
    result = subprocess.run(
        devenv.odoo_command(*command, *args),
        input=stdin,
        env=devenv.odoo_env(),
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout + result.stderr


def with_database(args, addons_path, data_dir):
    replaced = {"--database": DBNAME, "--db-filter": f"^{DBNAME}$", "--data-dir": str(data_dir)}
    if addons_path:
        replaced["--addons-path"] = addons_path
    return [
        f"{arg.split('=', 1)[0]}={replaced[arg.split('=', 1)[0]]}" if arg.split("=", 1)[0] in replaced else arg
        for arg in args
    ]


def snapshot(args):
    output = odoo(args, "shell", "--no-http", stdin=SNAPSHOT)
    line = next(line for line in output.splitlines() if line.startswith(MARK))
    return json.loads(line[len(MARK) :])


@pytest.fixture(scope="module")
def upgrade(server_args, previous_addons, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("upgrade-data")
    current = next(arg.split("=", 1)[1] for arg in server_args if arg.startswith("--addons-path="))
    odoo_addons = ",".join(path for path in current.split(",") if Path(path).resolve() != devenv.ADDONS.resolve())
    before_args = with_database(server_args, f"{odoo_addons},{previous_addons}", data_dir)
    after_args = with_database(server_args, None, data_dir)
    odoo(before_args, "--init=einvoice_receivables", "--stop-after-init", "--log-level=warn")
    odoo(before_args, "shell", "--no-http", stdin=MAKE_DATA)
    before = snapshot(before_args)
    log = odoo(after_args, "-u", "einvoice_receivables", "--stop-after-init", "--log-level=info")
    return before, snapshot(after_args), log


def test_the_upgrade_installs_each_feature_that_left_as_its_own_add_on(upgrade):
    before, after, _log = upgrade
    assert before["modules"] == {"einvoice_receivables": "installed"}
    assert after["modules"] == {
        "einvoice_receivables": "installed",
        "account_payment_reminder": "installed",
        "partner_einvoice_recipient": "installed",
        "account_invoice_auto_send": "installed",
        "account_invoice_auto_send_peppol": "installed",
        "account_invoice_collective": "installed",
        "sale_service_contract_invoicing": "installed",
        "account_mass_invoicing": "installed",
        "account_mass_invoicing_peppol": "installed",
        "account_mass_invoicing_snailmail": "installed",
        "account_invoice_send_owner": "installed",
        "account_peppol_ubl_validation": "installed",
    }


def test_the_upgrade_drops_no_table_column_or_record(upgrade):
    _before, _after, log = upgrade
    dropped = [line for line in log.splitlines() if re.search(r"Dropped (table|column|CONSTRAINT)|Deleting ", line)]
    assert not dropped, "\n".join(dropped)
    assert not devenv.module_log_errors(log)


def test_every_record_of_the_former_add_on_keeps_its_id_under_its_new_owner(upgrade):
    before, after, _log = upgrade
    kept = {(model, res_id, name) for model, res_id, name in after["records"]}
    lost = [record for record in before["records"] if tuple(record) not in kept]
    assert not lost, lost
    for model, count in before["counts"].items():
        assert after["counts"].get(model) == count, model


def test_reminders_levels_and_settings_are_kept_as_the_users_left_them(upgrade):
    before, after, _log = upgrade
    assert before["reminders"] and after["reminders"] == before["reminders"]
    assert after["friendly"] == before["friendly"] == [before["friendly"][0], 3, "Von Hand geschrieben."]
    assert after["cron"] == before["cron"] and before["cron"][1:3] == [3, "hours"]
    assert after["batch_size"] == before["batch_size"] == "7"
    assert after["manual_mode"] == before["manual_mode"] == "manual"


def test_registries_their_credentials_and_the_customers_statuses_are_kept(upgrade):
    before, after, _log = upgrade
    assert before["registry"][0]["api_password"] == "s3cret"
    assert after["registry"] == before["registry"]
    assert before["status"][0]["einvoice_identifier"] == "0192:987654321"
    assert after["status"] == before["status"]
    assert after["registry_cron"] == before["registry_cron"] and before["registry_cron"][1] == "hours"


def test_automatic_sending_settings_and_scheduled_invoices_are_kept(upgrade):
    before, after, _log = upgrade
    assert before["auto_send"] == ["daily", True, True] and after["auto_send"] == before["auto_send"]
    assert before["scheduled"][0]["auto_send_state"] == "scheduled"
    assert after["scheduled"] == before["scheduled"]
    assert after["auto_send_batch_size"] == before["auto_send_batch_size"] == "9"


def test_the_invoices_a_finished_run_delivered_stay_its_own_to_send(upgrade):
    before, after, _log = upgrade
    assert before["mass_owners"] is None
    assert after["mass_owners"] == ["mass_invoice"]


def test_service_contracts_and_collective_invoices_are_kept(upgrade):
    before, after, _log = upgrade
    [contract] = before["contract"]
    assert contract["service_invoice_interval"] == 3 and contract["invoice_ids"]
    assert after["contract"] == before["contract"]
    [collective] = before["collective"]
    assert len(collective["collective_source_ids"]) == 2 and collective["service_period_start"] == "2026-01-01"
    assert after["collective"] == before["collective"]


def test_every_scheduled_action_still_calls_a_method_that_exists(upgrade):
    before, after, _log = upgrade
    assert len(after["crons_that_run"]) >= 4
    assert [name for name, runs in after["crons_that_run"] if not runs] == []
    assert [name for name, _runs in after["crons_that_run"]] == [name for name, _runs in before["crons_that_run"]]
    assert ["Invoicing: mass invoicing runs", True] in after["crons_that_run"]


def test_a_finished_mass_invoicing_run_keeps_its_recipients_attempts_and_files(upgrade):
    before, after, _log = upgrade
    [run] = before["mass_run"]
    assert run["state"] == "done" and len(run["recipient_ids"]) == 2
    assert after["mass_run"] == before["mass_run"]
    assert [m["method"] for m in before["mass_methods"]] == ["einvoice", "email", "post", "draft"]
    assert after["mass_methods"] == before["mass_methods"]
    assert all(r["move_id"] and r["attempt_ids"] for r in before["mass_recipients"])
    assert after["mass_recipients"] == before["mass_recipients"]
    assert {a["method"] for a in before["mass_attempts"]} >= {"einvoice", "email", "draft"}
    assert after["mass_attempts"] == before["mass_attempts"]
    assert before["mass_files"][0][1:] == ["statutes.txt", True, True, "Club statutes"]
    assert after["mass_files"] == before["mass_files"]
    assert before["mass_batch_size"] == ["11", False]
    assert after["mass_batch_size"] == [False, "11"], "the system parameter under its new name"
