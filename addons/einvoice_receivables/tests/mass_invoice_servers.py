"""Real servers on 127.0.0.1 for the mass invoicing tests.

- SmtpServer: accepts mail (RFC 5321 subset) and keeps each message, for the email channel.
- SnailmailServer: the snailmail service's JSON-RPC (`/iap/snailmail/1/print`), as Odoo's
  `snailmail.letter` calls it through `iap_tools.iap_jsonrpc`; it answers CREDIT_ERROR for
  every letter until `credit` is topped up, one letter per credit; and Odoo's IAP balance
  (`/iap/1/balance`), the credit, unless `balance_readable` is False.
"""

import email
import email.policy
import json
import socketserver
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Running:
    def __enter__(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


class _SmtpSession(socketserver.StreamRequestHandler):
    def handle(self):
        owner = self.server.owner
        self.wfile.write(b"220 test ESMTP\r\n")
        recipients = []
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                data = []
                while (part := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(part[1:] if part.startswith(b"..") else part)
                owner.messages.append(
                    (recipients, email.message_from_bytes(b"".join(data), policy=email.policy.default))
                )
                recipients = []
            elif verb == b"RCPT":
                recipients.append(line.decode().split(":", 1)[1].strip().strip("<>"))
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            elif verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 test\r\n")
                continue
            self.wfile.write(b"250 OK\r\n")


class SmtpServer(_Running):
    def __init__(self):
        self.messages = []  # [(envelope recipients, email.message.EmailMessage)]
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpSession)
        self.server.daemon_threads = True
        self.server.owner = self
        self.port = self.server.server_address[1]

    def messages_to(self, address):
        return [message for recipients, message in self.messages if address in recipients]


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


class SnailmailServer(_Running):
    def __init__(self, credit=0):
        self.credit = credit
        self.balance_readable = True
        self.requests = []
        self.printed = []  # letter ids printed (each costs one credit)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _SnailmailHandler)
        self.server.daemon_threads = True
        self.server.owner = self
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
