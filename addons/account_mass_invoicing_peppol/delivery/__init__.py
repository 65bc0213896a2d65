from .einvoice import EinvoiceChannel

__all__ = ["EinvoiceChannel"]
