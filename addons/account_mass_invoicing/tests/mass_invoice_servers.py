"""Real servers on 127.0.0.1 for the mass invoicing tests.

- SmtpServer: accepts mail (RFC 5321 subset) and keeps each message, for the email channel.
- RunningServer: a server of these, served in a thread of its own while in a `with` block.
"""

import email
import email.policy
import socketserver
import threading


class RunningServer:
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


class SmtpServer(RunningServer):
    def __init__(self):
        self.messages = []  # [(envelope recipients, email.message.EmailMessage)]
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SmtpSession)
        self.server.daemon_threads = True
        self.server.owner = self
        self.port = self.server.server_address[1]

    def messages_to(self, address):
        return [message for recipients, message in self.messages if address in recipients]
