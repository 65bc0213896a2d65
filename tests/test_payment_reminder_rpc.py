"""Payment reminders over XML-RPC, as an integration uses them, with a real SMTP server on 127.0.0.1."""

import datetime
import re
import time
import xmlrpc.client

import pytest

ACCESS_ERROR = 4  # Odoo's XML-RPC fault code for AccessError
# Emails go to the smtp fixture of conftest.py: a real SMTP server on 127.0.0.1, Odoo's outgoing server.


@pytest.fixture(scope="module")
def languages(admin):
    """Latvian and German, with the add-on's translations, as an administrator installs them."""
    lang_ids = admin.call("res.lang", "search", [("code", "in", ["lv_LV", "de_DE"]), ("active", "in", [True, False])])
    wizard_id = admin.call("base.language.install", "create", {"lang_ids": [(6, 0, lang_ids)], "overwrite": True})
    admin.call("base.language.install", "lang_install", [wizard_id])


def overdue_customer(rpc, name, email, lang="en_US", days_late=20, amount=100.0):
    partner_id = rpc.call("res.partner", "create", {"name": name, "email": email, "lang": lang, "is_company": True})
    today = datetime.date.today()
    move_id = rpc.call(
        "account.move",
        "create",
        {
            "move_type": "out_invoice",
            "partner_id": partner_id,
            "invoice_date": str(today - datetime.timedelta(days=days_late + 30)),
            "invoice_date_due": str(today - datetime.timedelta(days=days_late)),
            "invoice_payment_term_id": False,
            "invoice_line_ids": [(0, 0, {"name": "Membership", "quantity": 1, "price_unit": amount, "tax_ids": []})],
        },
    )
    rpc.call("account.move", "action_post", [move_id])
    return partner_id, move_id


def deliver(admin):
    """Run Odoo's outgoing mail queue now (its scheduled action, as the cron worker would)."""
    admin.call("ir.cron", "method_direct_trigger", [admin.ref("mail.ir_cron_mail_scheduler_action")])


def test_totals_and_reminders_in_the_customer_language(smtp, languages, billing_user, admin):
    lv_id, lv_move = overdue_customer(billing_user, "SIA RPC Parādnieks", "lv@rpc-debtor.example.com", "lv_LV")
    de_id, _de_move = overdue_customer(billing_user, "RPC Schuldner GmbH", "de@rpc-debtor.example.com", "de_DE")

    totals = {row["partner_id"]: row for row in billing_user.call("payment.reminder", "get_totals")}
    assert totals[lv_id]["overdue_amount"] == 100.0
    assert totals[lv_id]["overdue_count"] == 1
    assert totals[lv_id]["is_due"] is True
    past = billing_user.call("payment.reminder", "get_totals", str(datetime.date(2000, 1, 1)))
    assert lv_id not in {row["partner_id"] for row in past}

    results = billing_user.call("payment.reminder", "send_reminders", [lv_id, de_id])
    assert {result["partner_id"]: result["status"] for result in results} == {lv_id: "sent", de_id: "sent"}
    deliver(admin)
    [lv_mail] = smtp.to("lv@rpc-debtor.example.com", wait_for=1)
    [de_mail] = smtp.to("de@rpc-debtor.example.com", wait_for=1)
    assert "Apmaksas atgādinājums" in lv_mail["Subject"]
    lv_body = lv_mail.get_body(("html",)).get_content()
    assert "Dienas kavētas" in lv_body and "20" in lv_body
    [lv_name] = billing_user.call("account.move", "read", [lv_move], ["name"])
    assert lv_name["name"] in lv_body
    assert "Zahlungserinnerung" in de_mail["Subject"]
    assert "Tage überfällig" in de_mail.get_body(("html",)).get_content()
    # Everything the customer reads, as received: subject, sender, recipient and every text part.
    for mail, title in ((lv_mail, "Draudzīgs atgādinājums - "), (de_mail, "Freundliche Erinnerung - ")):
        parts = [part.get_content() for part in mail.walk() if part.get_content_maintype() == "text"]
        readable = "\n".join([mail["Subject"], mail["From"], mail["To"], *parts])
        assert title in readable, "the title above the text: the level and the company"
        for technical in ("payment.reminder", "payment_reminder", "res.partner", "object.", "{{", "%("):
            assert technical not in readable, technical
        assert not re.search(r"\b[a-z_]+\.[a-z_.]+,\s*\d+", readable), "no model name and id as a title"

    again = billing_user.call("payment.reminder", "send_reminders", [lv_id])
    assert again[0]["status"] == "not_sent", "one reminder per interval"
    [row] = billing_user.call("payment.reminder", "get_totals", False, False, [lv_id])
    assert row["last_reminder_date"] == str(datetime.date.today())
    assert row["last_reminder_state"] == "sent"


def test_undelivered_reminder_shows_on_the_customer_and_the_cron_retries(smtp, billing_user, admin):
    partner_id, _move_id = overdue_customer(billing_user, "Down Debtor", "ap@down-debtor.example.com")
    smtp.refuse = True
    try:
        [result] = billing_user.call("payment.reminder", "send_reminders", [partner_id])
        assert result["status"] == "sent"
        deliver(admin)
    finally:
        smtp.refuse = False
    [reminder] = billing_user.call("payment.reminder", "read", [result["reminder_id"]], ["state", "error"])
    assert reminder["state"] == "failed"
    [partner] = billing_user.call("res.partner", "read", [partner_id], ["payment_reminder_error"])
    assert partner["payment_reminder_error"].startswith("not delivered")
    assert not smtp.to("ap@down-debtor.example.com")

    admin.call("ir.cron", "method_direct_trigger", [admin.ref("account_payment_reminder.ir_cron_payment_reminder")])
    deliver(admin)
    assert len(smtp.to("ap@down-debtor.example.com", wait_for=1)) == 1
    [reminder] = billing_user.call("payment.reminder", "read", [result["reminder_id"]], ["state", "error"])
    assert (reminder["state"], reminder["error"]) == ("sent", False)
    time.sleep(1)
    assert len(smtp.to("ap@down-debtor.example.com")) == 1


def test_customer_without_email_is_reported(billing_user):
    partner_id, _move_id = overdue_customer(billing_user, "No Address Debtor", False)
    [result] = billing_user.call("payment.reminder", "send_reminders", [partner_id])
    assert (result["status"], result["message"]) == ("not_sent", "not sent: no email address")


def test_users_without_billing_rights_are_refused(billing_user, make_user):
    partner_id, _move_id = overdue_customer(billing_user, "Refused Debtor", "ap@refused.example.com")
    for groups in (("base.group_user",), ("base.group_portal",)):
        outsider = make_user(*groups, name="Outsider")
        for method, args in (("get_totals", []), ("send_reminders", [[partner_id]])):
            with pytest.raises(xmlrpc.client.Fault) as refused:
                outsider.call("payment.reminder", method, *args)
            assert refused.value.faultCode == ACCESS_ERROR, refused.value.faultString


@pytest.fixture(scope="module")
def company_b_user(admin, make_user):
    """A billing user of a second company (with its own chart of accounts), as a multi-company set-up has."""
    company_id = admin.call("res.company", "create", {"name": "RPC Company B", "email": "billing@b.example.com"})
    admin.call("res.users", "write", [admin.uid], {"company_ids": [(4, company_id)]})
    in_b = {"allowed_company_ids": [company_id]}
    settings_id = admin.call("res.config.settings", "create", {"chart_template": "generic_coa"}, context=in_b)
    admin.call("res.config.settings", "execute", [settings_id], context=in_b)
    assert admin.call("res.company", "read", [company_id], ["chart_template"])[0]["chart_template"] == "generic_coa"
    user = make_user("base.group_user", "base.group_partner_manager", "account.group_account_invoice", name="BillingB")
    admin.call("res.users", "write", [user.uid], {"company_ids": [(6, 0, [company_id])], "company_id": company_id})
    return user


def refused(call, *args):
    with pytest.raises(xmlrpc.client.Fault) as fault:
        call(*args)
    return fault.value


def test_a_billing_user_of_one_company_cannot_reach_the_other_companys_dunning(smtp, billing_user, company_b_user):
    partner_id, _move_id = overdue_customer(company_b_user, "Company B Debtor", "ap@b-debtor.example.com", days_late=40)
    screen_id = company_b_user.call("payment.reminder.totals", "action_open")["res_id"]
    row_ids = company_b_user.call("payment.reminder.totals.line", "search", [("wizard_id", "=", screen_id)])
    [sent] = company_b_user.call("payment.reminder", "send_reminders", [partner_id])
    note_id = company_b_user.call("payment.reminder", "create", {"partner_id": partner_id, "note": "Called B"})
    assert row_ids and sent["status"] == "sent"

    for model, ids, values in (
        ("payment.reminder.totals.line", row_ids, {"selected": True}),
        ("payment.reminder.totals", [screen_id], {"full_width": True}),
        ("payment.reminder", [sent["reminder_id"], note_id], {"note": "changed by company A"}),
    ):
        assert billing_user.call(model, "search_read", [("id", "in", ids)], ["id"]) == []
        for method, args in (("read", [ids, list(values)]), ("write", [ids, values]), ("unlink", [ids])):
            assert refused(billing_user.call, model, method, *args).faultCode == ACCESS_ERROR, (model, method)
    [row] = company_b_user.call("payment.reminder.totals.line", "read", row_ids, ["selected", "partner_id"])
    assert (row["selected"], row["partner_id"][0]) == (False, partner_id)


def test_reminders_cannot_be_forged_nor_sent_as_of_a_future_date(smtp, billing_user, admin):
    partner_id, _move_id = overdue_customer(billing_user, "Forged Debtor", "ap@forged.example.com", days_late=40)
    [sent] = billing_user.call("payment.reminder", "send_reminders", [partner_id])
    reminder_id = sent["reminder_id"]
    final = admin.ref("account_payment_reminder.payment_reminder_level_final")
    for values in ({"level_id": final}, {"state": "failed", "amount_overdue": 1.0, "body": "<p>Forged</p>"}):
        assert refused(billing_user.call, "payment.reminder", "write", [reminder_id], values).faultCode == ACCESS_ERROR
    [reminder] = billing_user.call("payment.reminder", "read", [reminder_id], ["state", "level_id", "amount_overdue"])
    assert reminder["level_id"][0] != final and reminder["amount_overdue"] == 100.0

    future = str(datetime.date.today() + datetime.timedelta(days=30))
    fault = refused(billing_user.call, "payment.reminder", "send_reminders", [partner_id], future)
    assert "is in the future" in fault.faultString
    [far] = [
        row
        for row in billing_user.call("payment.reminder", "get_totals", "9999-12-31")
        if row["partner_id"] == partner_id
    ]
    assert far["days_over_90"] == 100.0
