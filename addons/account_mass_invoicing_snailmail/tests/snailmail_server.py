"""The snailmail service on 127.0.0.1: its JSON-RPC (`/iap/snailmail/1/print`), as Odoo's
`snailmail.letter` calls it through `iap_tools.iap_jsonrpc`; it answers CREDIT_ERROR for every letter
until `credit` is topped up, one letter per credit; and Odoo's IAP balance (`/iap/1/balance`), the
credit, unless `balance_readable` is False.
"""

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class RunningServer:
    def __enter__(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class _SnailmailHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        # Also stands in for the web server wkhtmltopdf fetches the report's assets from (report.url):
        # Odoo's own test server cannot answer while the test run holds its registry.
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        owner = self.server.owner
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        owner.requests.append((self.path, payload))
        if self.path == "/iap/1/balance" and owner.balance_readable:
            # Odoo's IAP balance of the account, in letters here (one credit each).
            body = {"jsonrpc": "2.0", "id": payload.get("id"), "result": owner.credit}
        elif self.path != "/iap/snailmail/1/print":
            body = {
                "jsonrpc": "2.0",
                "id": payload.get("id"),
                "error": {"code": 404, "message": "not found", "data": {"name": "NotFound"}},
            }
        else:
            documents = []
            for document in payload["params"]["documents"]:
                if owner.credit > 0:
                    owner.credit -= 1
                    owner.printed.append(document["letter_id"])
                    documents.append({"letter_id": document["letter_id"], "sent": True, "send_id": uuid.uuid4().hex})
                else:
                    documents.append({"letter_id": document["letter_id"], "sent": False, "error": "CREDIT_ERROR"})
            result = {"request_code": 200, "total_cost": len(documents), "request": {"documents": documents}}
            body = {"jsonrpc": "2.0", "id": payload.get("id"), "result": result}
        answer = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


class SnailmailServer(RunningServer):
    def __init__(self, credit=0):
        self.credit = credit
        self.balance_readable = True
        self.requests = []
        self.printed = []  # letter ids printed (each costs one credit)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _SnailmailHandler)
        self.server.daemon_threads = True
        self.server.owner = self
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
