"""Mass invoicing over XML-RPC as users of two companies: every model of the feature stays inside its
company, a started run cannot be changed by anyone, and the advanced filter accepts a domain literal only."""

import xmlrpc.client

import pytest

PRICE = 50.0


@pytest.fixture(scope="module")
def companies(admin):
    """Company A (the main one) and company B, with a chart of accounts; the administrator works in both."""
    company_a = admin.ref("base.main_company")
    company_b = admin.call("res.company", "create", {"name": "Mass Invoicing Company B"})
    admin.call("res.users", "write", [admin.uid], {"company_ids": [(4, company_b)]})
    # As an administrator does it: the chart of accounts chosen in the settings of company B.
    settings_id = admin.call(
        "res.config.settings", "create", {"chart_template": "generic_coa"}, **in_company(company_b)
    )
    admin.call("res.config.settings", "execute", [settings_id], **in_company(company_b))
    [company] = admin.call("res.company", "read", [company_b], ["chart_template"])
    assert company["chart_template"] == "generic_coa"
    return company_a, company_b


def in_company(company_id):
    return {"context": {"allowed_company_ids": [company_id]}}


def start_run(rpc, company_id, name, started=True):
    """A run of one customer without email or address (its chain ends as a draft) with a line and a file."""
    ctx = in_company(company_id)
    tag = rpc.call("res.partner.category", "create", {"name": f"Members {name}"})
    rpc.call("res.partner", "create", {"name": f"Member {name}", "category_id": [(6, 0, [tag])]}, **ctx)
    run_id = rpc.call(
        "mass.invoice.run",
        "create",
        {
            "name": name,
            "company_id": company_id,
            "include_category_ids": [(6, 0, [tag])],
            "line_ids": [(0, 0, {"name": "Membership fee", "quantity": 1, "price_unit": PRICE, "tax_ids": []})],
            "attachment_ids": [(0, 0, {"name": "statutes.txt", "datas": "U3RhdHV0ZXM="})],
        },
        **ctx,
    )
    if started:
        rpc.call("mass.invoice.run", "action_run", [run_id], **ctx)
        rpc.call("mass.invoice.run", "action_process_now", [run_id], **ctx)
    return run_id


def parts(rpc, run_id, company_id):
    ctx = in_company(company_id)
    [run] = rpc.call(
        "mass.invoice.run",
        "read",
        [run_id],
        ["line_ids", "attachment_ids", "delivery_method_ids", "recipient_ids"],
        **ctx,
    )
    attempts = rpc.call("mass.invoice.attempt", "search", [("recipient_id", "in", run["recipient_ids"])], **ctx)
    return {
        "mass.invoice.line": run["line_ids"],
        "mass.invoice.attachment": run["attachment_ids"],
        "mass.invoice.delivery.method": run["delivery_method_ids"],
        "mass.invoice.recipient": run["recipient_ids"],
        "mass.invoice.attempt": attempts,
        "mass.invoice.run": [run_id],
    }


def billing_admin(admin, make_user, name):
    """A billing administrator of company A, with an email address (the run's chatter is signed with it)."""
    rpc = make_user("base.group_user", "base.group_partner_manager", "account.group_account_manager", name=name)
    admin.call("res.users", "write", [rpc.uid], {"email": rpc.login})
    return rpc


def refused(call, *args, **kwargs):
    with pytest.raises(xmlrpc.client.Fault) as error:
        call(*args, **kwargs)
    return error.value.faultString


def test_a_billing_user_of_company_a_cannot_reach_company_b_runs(admin, make_user, companies):
    _company_a, company_b = companies
    b_run = start_run(admin, company_b, "Company B fees")
    b_parts = parts(admin, b_run, company_b)
    assert all(b_parts.values()), b_parts  # lines, files, methods, recipients and attempts exist in B
    user_a = make_user("base.group_user", "account.group_account_invoice", name="BillingA")

    for model, ids in b_parts.items():
        assert user_a.call(model, "search", [("id", "in", ids)]) == [], model
        refused(user_a.call, model, "read", ids[:1], ["id"])
    line_id = b_parts["mass.invoice.line"][0]
    email_method = admin.call(
        "mass.invoice.delivery.method",
        "search",
        [("id", "in", b_parts["mass.invoice.delivery.method"]), ("method", "=", "email")],
        **in_company(company_b),
    )
    b_draft = start_run(admin, company_b, "Company B draft", started=False)
    [draft_line] = parts(admin, b_draft, company_b)["mass.invoice.line"]
    refused(user_a.call, "mass.invoice.line", "write", [draft_line], {"price_unit": 99.01})
    refused(user_a.call, "mass.invoice.delivery.method", "unlink", email_method)
    refused(user_a.call, "mass.invoice.attachment", "create", {"run_id": b_draft, "name": "x.txt", "datas": "eA=="})
    refused(user_a.call, "mass.invoice.line", "create", {"run_id": b_draft, "name": "Extra", "price_unit": 1.0})

    ctx = in_company(company_b)
    prices = admin.call("mass.invoice.line", "read", [draft_line, line_id], ["price_unit"], **ctx)
    assert [line["price_unit"] for line in prices] == [PRICE, PRICE]
    assert admin.call("mass.invoice.delivery.method", "search_count", [("id", "in", email_method)], **ctx) == 1
    assert len(parts(admin, b_draft, company_b)["mass.invoice.attachment"]) == 1


def test_nothing_of_a_started_run_changes_for_anyone(admin, make_user, companies):
    company_a, _company_b = companies
    manager = billing_admin(admin, make_user, "BillingAdminA")
    run_id = start_run(manager, company_a, "Locked fees")
    run_parts = parts(manager, run_id, company_a)
    [line_id] = run_parts["mass.invoice.line"]
    method_id = run_parts["mass.invoice.delivery.method"][0]

    for rpc in (manager, admin):
        message = refused(rpc.call, "mass.invoice.line", "write", [line_id], {"price_unit": 99.01})
        assert "has started" in message
        refused(rpc.call, "mass.invoice.line", "create", {"run_id": run_id, "name": "Extra", "price_unit": 49.01})
        refused(rpc.call, "mass.invoice.line", "unlink", [line_id])
        refused(rpc.call, "mass.invoice.delivery.method", "unlink", [method_id])
        refused(rpc.call, "mass.invoice.delivery.method", "write", [method_id], {"sequence": 99})
        refused(rpc.call, "mass.invoice.attachment", "create", {"run_id": run_id, "name": "x.txt", "datas": "eA=="})
        refused(rpc.call, "mass.invoice.attachment", "unlink", run_parts["mass.invoice.attachment"])
        refused(rpc.call, "mass.invoice.run", "write", [run_id], {"name": "Renamed", "partner_domain": "[]"})
        refused(rpc.call, "mass.invoice.run", "write", [run_id], {"state": "draft"})
        refused(rpc.call, "mass.invoice.run", "unlink", [run_id])

    after = parts(manager, run_id, company_a)
    assert after == run_parts
    [line] = manager.call("mass.invoice.line", "read", [line_id], ["price_unit"])
    assert line["price_unit"] == PRICE
    [recipient] = manager.call("mass.invoice.recipient", "read", after["mass.invoice.recipient"], ["move_id"])
    [invoice] = manager.call("account.move", "read", [recipient["move_id"][0]], ["amount_untaxed"])
    assert invoice["amount_untaxed"] == PRICE


def test_the_advanced_filter_is_a_domain_literal_only(admin, make_user, companies):
    company_a, _company_b = companies
    manager = billing_admin(admin, make_user, "FilterA")
    run_id = start_run(manager, company_a, "Filtered fees", started=False)

    def write_filter(text):
        return manager.call("mass.invoice.run", "write", [run_id], {"partner_domain": text})

    assert write_filter("[('city', '=', 'Oslo'), '|', ('email', '!=', False), (1, '=', 1)]")
    for code in (
        "__import__('os').system('true')",
        "[('name', '=', 'x' * 10 ** 9)]",
        "[('id', 'in', list(range(10 ** 8)))]",
        "[x for x in 'abc']",
        "{'a': 1}",
        "[('name', '=', context.get('x'))]",
    ):
        assert "list of conditions" in refused(write_filter, code), code
    names = ", ".join(["'x'"] * 2000)
    assert "too long" in refused(write_filter, f"[('name', 'in', [{names}])]")
    assert "not valid" in refused(write_filter, "[('no_such_field', '=', 1)]")
    [run] = manager.call("mass.invoice.run", "read", [run_id], ["partner_domain"])
    assert "Oslo" in run["partner_domain"]
