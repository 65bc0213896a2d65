"""The invoice integration API over XML-RPC, as a CRM or webshop integration uses it.

Emails really go out: a small SMTP server on 127.0.0.1 (the smtp fixture of conftest.py) is Odoo's
outgoing mail server.
"""

import base64
import time
import xmlrpc.client

import pytest

ACCESS_ERROR = 4  # Odoo's XML-RPC fault code for AccessError


@pytest.fixture(scope="module")
def seller(admin, make_user):
    """A billing user with an email address, which receives the blind copies of its invoices."""
    rpc = make_user("base.group_user", "base.group_partner_manager", "account.group_account_invoice", name="Seller")
    admin.call("res.users", "write", [rpc.uid], {"email": rpc.login})
    return rpc


def create_invoice(rpc, customer_email, name):
    partner_id = rpc.call("res.partner", "create", {"name": name, "email": customer_email, "lang": "en_US"})
    return rpc.call(
        "account.move",
        "create",
        {
            "move_type": "out_invoice",
            "partner_id": partner_id,
            "invoice_line_ids": [(0, 0, {"name": "Consulting", "quantity": 3, "price_unit": 120.0})],
        },
    )


def test_integration_posts_sends_once_and_fetches_the_pdf(smtp, seller, make_user):
    move_id = create_invoice(seller, "ap@rpc-customer.example.com", "RPC Customer")

    assert seller.call("account.move", "action_post_and_send", [move_id]) == {str(move_id): "sent"}

    [to_customer] = smtp.to("ap@rpc-customer.example.com", wait_for=1)
    [copy] = smtp.to(seller.login, wait_for=1)
    # The copy is a separate email: the customer's names no other recipient (the seller is only its sender).
    assert [rcpt for rcpt, message in smtp.messages if message is to_customer] == [["ap@rpc-customer.example.com"]]
    assert seller.login not in f"{to_customer['To']} {to_customer['Cc']} {to_customer['Bcc']}"
    assert copy["To"].addresses[0].addr_spec == seller.login
    pdf_names = [part.get_filename() for part in to_customer.iter_attachments()]
    assert len(pdf_names) == 1 and pdf_names[0].endswith(".pdf")
    assert [part.get_filename() for part in copy.iter_attachments()] == pdf_names

    # Idempotent: calling again reports the invoice sent and sends nothing.
    assert seller.call("account.move", "action_post_and_send", [move_id]) == {str(move_id): "sent"}
    time.sleep(1)
    assert len(smtp.to("ap@rpc-customer.example.com")) == 1
    [move] = seller.call("account.move", "read", [move_id], ["state", "auto_send_state", "is_move_sent"])
    assert (move["state"], move["auto_send_state"], move["is_move_sent"]) == ("posted", "sent", True)

    pdf = base64.b64decode(seller.call("account.move", "get_pdf", [move_id])[str(move_id)])
    assert pdf.startswith(b"%PDF")

    portal = make_user("base.group_portal", name="Portal")
    for method in ("action_post_and_send", "action_mark_ready", "get_pdf"):
        with pytest.raises(xmlrpc.client.Fault) as refused:
            portal.call("account.move", method, [move_id])
        assert refused.value.faultCode == ACCESS_ERROR, refused.value.faultString


def test_mark_ready_posts_and_leaves_sending_to_the_customer_setting(seller):
    move_id = create_invoice(seller, "ap@ready-customer.example.com", "Ready Customer")
    assert seller.call("account.move", "action_mark_ready", [move_id]) == {str(move_id): "posted"}
    [move] = seller.call("account.move", "read", [move_id], ["state", "auto_send_state"])
    assert (move["state"], move["auto_send_state"]) == ("posted", False)


def test_mail_server_down_keeps_the_invoice_scheduled_and_the_retry_sends_it_once(smtp, seller, admin):
    move_id = create_invoice(seller, "ap@down-customer.example.com", "Down Customer")
    smtp.refuse = True
    try:
        seller.call("account.move", "action_post_and_send", [move_id])
    finally:
        smtp.refuse = False

    [move] = seller.call("account.move", "read", [move_id], ["auto_send_state", "auto_send_error", "auto_send_due"])
    assert move["auto_send_state"] == "error"
    assert "554" in move["auto_send_error"]
    assert move["auto_send_due"]
    bodies = seller.call(
        "mail.message", "search_read", [("model", "=", "account.move"), ("res_id", "=", move_id)], ["body"]
    )
    assert any("554" in message["body"] for message in bodies), "the error is in the chatter"
    assert not smtp.to("ap@down-customer.example.com")

    # The retry time comes; the sending cron sends it, once.
    admin.call("account.move", "write", [move_id], {"auto_send_due": "2000-01-01 00:00:00"})
    cron_id = admin.ref("account_invoice_auto_send.ir_cron_einvoice_auto_send")
    admin.call("ir.cron", "method_direct_trigger", [cron_id])
    assert len(smtp.to("ap@down-customer.example.com", wait_for=1)) == 1
    [move] = seller.call("account.move", "read", [move_id], ["auto_send_state", "auto_send_error"])
    assert (move["auto_send_state"], move["auto_send_error"]) == ("sent", False)
    admin.call("ir.cron", "method_direct_trigger", [cron_id])
    time.sleep(1)
    assert len(smtp.to("ap@down-customer.example.com")) == 1
