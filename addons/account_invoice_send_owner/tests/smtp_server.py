"""A mail server on 127.0.0.1 that speaks SMTP (the RFC 5321 subset Odoo's ir.mail_server uses), for
the tests and benchmarks of every add-on::

    with SmtpServer() as smtp:  # an ir.mail_server record with smtp_host 127.0.0.1 and smtp_port smtp.port
        ...
        smtp.delivered["ap@customer.example.com"]  # messages received for this recipient
        smtp.to("ap@customer.example.com", wait_for=1)  # those messages (email.message.EmailMessage)

- ``refuse = True``: every connection is answered 554, as a mail server that is down;
- ``stall_at(number, "before" | "after")``: at the number-th message (counted at MAIL FROM, from 1)
  the server stops answering, before accepting it or after its data arrived, until ``resume`` is
  set; ``stalled`` is set when it got there (a server that stops in the middle of a session);
- ``SmtpServer(keep=False)`` only counts (benchmarks: no parsing in the measured process).

Odoo's mail server connects only outside a running test: Odoo tests deliver with
``with outside_test_mode():`` around the committing transaction that sends.
"""

import collections
import contextlib
import email
import socketserver
import threading
import time
from email import policy

from odoo.modules import module


@contextlib.contextmanager
def outside_test_mode():
    """As in production: Odoo's mail server connects and its sender may commit (both check the running test)."""
    test, module.current_test = module.current_test, None
    try:
        yield
    finally:
        module.current_test = test


class SmtpServer:
    def __init__(self, keep=True):
        self.keep = keep
        self.refuse = False
        self.lock = threading.Lock()
        self.messages = []  # [(envelope recipients, email.message.EmailMessage)] when keep
        self.delivered = collections.Counter()  # envelope recipient -> messages received
        self.count = 0  # messages received
        self.started = 0  # messages begun (MAIL FROM)
        self.stall = None  # (message number, "before" | "after")
        self.stalled = threading.Event()
        self.resume = threading.Event()
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpSession)
        self.server.daemon_threads = True
        self.server.owner = self
        self.port = self.server.server_address[1]

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.resume.set()
        self.server.shutdown()
        self.server.server_close()

    def to(self, address, wait_for=0, timeout=20):
        """The messages delivered to `address`, waiting up to `timeout` seconds for `wait_for` of them."""
        deadline = time.monotonic() + timeout
        while True:
            found = [message for recipients, message in self.messages if address.lower() in recipients]
            if len(found) >= wait_for or time.monotonic() > deadline:
                return found
            time.sleep(0.1)

    def stall_at(self, number, when):
        self.stalled.clear()
        self.resume.clear()
        self.stall = (number, when)

    def _stops_at(self, number, when):
        if self.stall != (number, when):
            return False
        self.stalled.set()
        self.resume.wait(120)
        return True

    def _received(self, recipients, data):
        with self.lock:
            self.count += 1
            self.delivered.update(recipients)
            if self.keep:
                self.messages.append((recipients, email.message_from_bytes(b"".join(data), policy=policy.default)))


class _SmtpSession(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        owner = self.server.owner
        if owner.refuse:
            self.reply("554 5.3.2 Service temporarily unavailable")
            return
        self.reply("220 test-smtp ESMTP")
        recipients, number = [], 0
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 test-smtp")
            elif verb == "MAIL":
                with owner.lock:
                    owner.started += 1
                    number = owner.started
                if owner._stops_at(number, "before"):
                    return
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>").lower())
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                owner._received(recipients, self.read_data())
                if owner._stops_at(number, "after"):
                    return
                self.reply("250 OK queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:  # RSET, NOOP
                self.reply("250 OK")

    def read_data(self):
        lines = []
        while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)
        return lines
