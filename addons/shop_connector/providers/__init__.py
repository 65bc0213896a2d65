"""Pure-Python clients of the shops' interfaces (no Odoo imports)."""

from .cao_client import CaoClient, CaoSettings, ShopError, UpdateResult
