"""Merged invoices stay merged, whoever calls over XML-RPC."""

import xmlrpc.client

import pytest


@pytest.fixture(scope="module")
def merged(billing_user):
    """Two draft invoices of one customer merged by a billing user: (collective id, merged ids)."""
    partner_id = billing_user.call("res.partner", "create", {"name": "Merged RPC Customer"})
    move_ids = [
        billing_user.call(
            "account.move",
            "create",
            {
                "move_type": "out_invoice",
                "partner_id": partner_id,
                "invoice_line_ids": [(0, 0, {"name": f"Visit {n}", "quantity": 1, "price_unit": 100.0})],
            },
        )
        for n in range(2)
    ]
    wizard_id = billing_user.call(
        "account.move.collective.merge",
        "create",
        {"move_ids": [(6, 0, move_ids)]},
        context={"active_model": "account.move", "active_ids": move_ids},
    )
    action = billing_user.call("account.move.collective.merge", "action_merge", [wizard_id])
    return action["res_id"], move_ids


@pytest.fixture(scope="module")
def accountant(make_user):
    return make_user("base.group_user", "account.group_account_user", name="Accountant")


@pytest.mark.parametrize("user_kind", ["billing_user", "accountant"])
def test_a_merged_invoice_cannot_be_unlinked_and_reopened(merged, user_kind, request, admin):
    rpc = request.getfixturevalue(user_kind)
    collective_id, (source_id, _other_id) = merged

    with pytest.raises(xmlrpc.client.Fault, match="Only merging invoices links them"):
        rpc.call("account.move", "write", [source_id], {"collective_invoice_id": False})
    with pytest.raises(xmlrpc.client.Fault, match="Only merging invoices links them"):
        rpc.call("account.move", "write", [collective_id], {"collective_source_ids": [(3, source_id)]})
    with pytest.raises(xmlrpc.client.Fault, match="merged into a collective invoice"):
        rpc.call("account.move", "button_draft", [source_id])

    [source] = admin.call("account.move", "read", [source_id], ["state", "collective_invoice_id"])
    assert source["state"] == "cancel"
    assert source["collective_invoice_id"][0] == collective_id


def test_the_after_login_look_up_is_not_public(billing_user):
    with pytest.raises(xmlrpc.client.Fault, match="does not exist"):
        billing_user.call("account.move", "get_collective_invoices_without_send_date")
    with pytest.raises(xmlrpc.client.Fault, match=r"[Pp]rivate method"):
        billing_user.call("account.move", "_get_collective_invoices_without_send_date")
