"""The real modified eCommerce 2.0.7.2 of shared/tools/modified-shop, run on this machine: its
storefront places orders (place-order.py), its MariaDB and captured mails are read as they are.

Settings (the same as the tool's; .ci/run sets them):
- MODSHOP_HTTP_PORT (8791), MODSHOP_ROOT (/var/tmp/modshop-dev): the running shop;
- MODSHOP_TOOLS: the tool's folder (default ../shared/tools/modified-shop beside the repository);
- SHOP_CONNECTOR_REAL_SHOP_REQUIRED=1: a missing shop fails the tests instead of skipping them.
"""

import email
import email.policy
import os
import subprocess
from pathlib import Path

from ..providers import CaoClient, CaoSettings, ShopError

REPOSITORY = Path(__file__).resolve().parents[3]
CAO_USER = "cao@shop.test"
CAO_PASSWORD = "cao-secret"


class RealShop:
    def __init__(self):
        self.port = os.environ.get("MODSHOP_HTTP_PORT", "8791")
        self.url = f"http://127.0.0.1:{self.port}/"
        self.root = Path(os.environ.get("MODSHOP_ROOT", "/var/tmp/modshop-dev"))
        self.tools = Path(os.environ.get("MODSHOP_TOOLS", REPOSITORY.parent / "shared" / "tools" / "modified-shop"))
        self.required = os.environ.get("SHOP_CONNECTOR_REAL_SHOP_REQUIRED") == "1"

    def missing(self):
        """Why the real shop cannot be used here, or None."""
        if not (self.tools / "place-order.py").exists():
            return f"no modified-shop tool at {self.tools} (set MODSHOP_TOOLS)"
        if not (self.root / "run" / "mysqld.sock").exists():
            return (
                f"the shop's MariaDB is not running under {self.root} (run setup.sh and start.sh, or set MODSHOP_ROOT)"
            )
        try:
            CaoClient(CaoSettings(self.url, CAO_USER, CAO_PASSWORD, timeout=5)).version()
        except ShopError as exc:
            return f"no modified shop answers at {self.url} ({exc.kind}; run start.sh, or set MODSHOP_HTTP_PORT)"
        return None

    def place_order(self, *items, customer=None, **guest):
        """One order through the storefront checkout; returns its shop order id."""
        args = ["--customer", customer] if customer else ["--guest"]
        for name, value in guest.items():
            args += [f"--{name.replace('_', '-')}", value]
        result = subprocess.run(
            [str(self.tools / "place-order.py"), *args, *items],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "MODSHOP_HTTP_PORT": self.port, "MODSHOP_ROOT": str(self.root)},
            check=True,
        )
        return int(result.stdout.strip().splitlines()[-1])

    def query(self, sql):
        """Rows of the shop's own database (tab-separated, as the mysql client prints them)."""
        result = subprocess.run(
            [
                "mysql",
                "--no-defaults",
                f"--socket={self.root / 'run' / 'mysqld.sock'}",
                "-uroot",
                "-N",
                "-B",
                "modshop",
            ],
            input=sql,
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        )
        return [line.split("\t") for line in result.stdout.splitlines()]

    def edit_delivery_address(self, order_id, **columns):
        """The order's delivery address changed as the admin's order edit (orders_edit.php) writes it."""
        values = ", ".join(f"delivery_{name} = '{value}'" for name, value in columns.items())
        self.query(f"UPDATE orders SET {values}, last_modified = NOW() WHERE orders_id = {int(order_id)}")

    def last_order_id(self):
        return int(self.query("SELECT COALESCE(MAX(orders_id), 0) FROM orders")[0][0])

    def mails(self):
        """The mails the shop sent, oldest first, as email.message.EmailMessage."""
        folder = self.root / "mails"
        return [
            email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for path in sorted(folder.glob("*.eml"))
        ]
