"""Delivery channels of mass invoicing, walked in the order the user chose (see base.py).

The channels of a database are those `mass.invoice.recipient._mass_invoice_channels` gives: the add-ons
for e-invoices (account_mass_invoicing_peppol) and letters (account_mass_invoicing_snailmail) add theirs.
"""

from .base import Channel, Outcome
from .draft import DraftChannel
from .email import EmailChannel
from .preferred import PreferredChannel

__all__ = ["Channel", "DraftChannel", "EmailChannel", "Outcome", "PreferredChannel"]
