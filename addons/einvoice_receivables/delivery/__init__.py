"""Delivery channels of mass invoicing, walked in the order the user chose (see base.py)."""

from .base import Channel, Outcome
from .draft import DraftChannel
from .einvoice import EinvoiceChannel
from .email import EmailChannel
from .post import PostChannel
from .preferred import PreferredChannel

CHANNELS = {
    channel.code: channel
    for channel in (PreferredChannel(), EinvoiceChannel(), EmailChannel(), PostChannel(), DraftChannel())
}

__all__ = ["CHANNELS", "Channel", "Outcome"]
