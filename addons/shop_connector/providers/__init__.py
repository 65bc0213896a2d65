"""Pure-Python clients of the shops' interfaces (no Odoo imports but the pure-Python request deadline)."""

from .cao_client import CaoClient, CaoSettings, ShopError, UpdateResult
