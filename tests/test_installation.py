"""The add-ons are installed and reachable over XML-RPC by a billing user."""

import xmlrpc.client
from pathlib import Path

import pytest

ADDONS = sorted(path.parent.name for path in (Path(__file__).parent.parent / "addons").glob("*/__manifest__.py"))


def test_billing_user_sees_every_addon_installed(billing_user):
    modules = billing_user.call("ir.module.module", "search_read", [("name", "in", ADDONS)], ["name", "state"])
    assert {m["name"]: m["state"] for m in modules} == dict.fromkeys(ADDONS, "installed")
    assert {"einvoice_receivables", "account_payment_reminder", "partner_einvoice_recipient"} <= set(ADDONS)


def test_billing_user_creates_a_draft_invoice_but_cannot_grant_itself_rights(admin, billing_user):
    partner_id = billing_user.call("res.partner", "create", {"name": "RPC Customer"})
    move_id = billing_user.call("account.move", "create", {"move_type": "out_invoice", "partner_id": partner_id})
    [move] = billing_user.call("account.move", "read", [move_id], ["state", "partner_id"])
    assert move["state"] == "draft"
    assert move["partner_id"][0] == partner_id
    settings_group = admin.ref("base.group_system")
    with pytest.raises(xmlrpc.client.Fault):
        billing_user.call("res.users", "write", [billing_user.uid], {"groups_id": [(4, settings_group)]})


def test_wrong_password_is_refused(odoo_server):
    common = xmlrpc.client.ServerProxy(f"{odoo_server['url']}/xmlrpc/2/common")
    assert not common.authenticate(odoo_server["db"], "admin", "not-the-password", {})
