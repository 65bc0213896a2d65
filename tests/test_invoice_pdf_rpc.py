"""PDFs of several invoices at once, printed by the server's real wkhtmltopdf (not test-mode HTML).

Debian's wkhtmltopdf (unpatched Qt) cannot print several documents in one call: it writes an
empty file, and Odoo's batch Send fails on it ("Cannot read an empty file") unless the add-on
prints invoice by invoice.
"""

import base64
import io
import json
import shutil
import subprocess
import urllib.request

import pytest
from PyPDF2 import PdfReader


def unpatched_wkhtmltopdf():
    binary = shutil.which("wkhtmltopdf")
    if not binary:
        return False
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False).stdout
    return "patched qt" not in version.lower()


def call_json(odoo_server, admin, model, method, *args, **kwargs):
    """An RPC over JSON-RPC, which answers null where XML-RPC refuses a method's None."""
    params = {
        "service": "object",
        "method": "execute_kw",
        "args": [odoo_server["db"], admin.uid, admin.password, model, method, list(args), kwargs],
    }
    request = urllib.request.Request(
        f"{odoo_server['url']}/jsonrpc",
        data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=300) as response:
        answer = json.load(response)
    assert "error" not in answer, answer.get("error")
    return answer.get("result")  # Odoo leaves a null result out


@pytest.mark.skipif(not unpatched_wkhtmltopdf(), reason="needs a wkhtmltopdf without patched Qt (Debian's)")
def test_odoo_batch_send_gives_each_invoice_its_own_pdf(admin, odoo_server):
    partner = admin.call("res.partner", "create", {"name": "Download Customer", "invoice_sending_method": "manual"})
    move_ids = admin.call(
        "account.move",
        "create",
        [
            {
                "move_type": "out_invoice",
                "partner_id": partner,
                "invoice_line_ids": [(0, 0, {"name": f"Service {n}", "quantity": 1, "price_unit": 100 + n})],
            }
            for n in range(3)
        ],
    )
    admin.call("account.move", "action_post", move_ids)
    context = {"active_model": "account.move", "active_ids": move_ids}
    wizard = admin.call("account.move.send.batch.wizard", "create", {}, context=context)

    # Odoo's own batch Send, in the request; its default account.pdf_generation_batch (80) is left as is.
    call_json(
        odoo_server, admin, "account.move.send.batch.wizard", "action_send_and_print", [wizard], force_synchronous=True
    )

    moves = admin.call("account.move", "read", move_ids, ["name", "invoice_pdf_report_id"])
    attachment_ids = [move["invoice_pdf_report_id"][0] for move in moves if move["invoice_pdf_report_id"]]
    assert len(attachment_ids) == len(move_ids), f"every invoice has its PDF: {moves}"
    for attachment in admin.call("ir.attachment", "read", attachment_ids, ["datas"]):
        pdf = PdfReader(io.BytesIO(base64.b64decode(attachment["datas"])))
        assert len(pdf.pages) == 1, "its own page, not the whole batch"
