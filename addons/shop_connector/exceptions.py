class ShopRefusal(Exception):
    """One shop record cannot be imported (unknown tax rate, country, product...). The message is
    translated and names what to fix; the record goes to the import log and is retried."""
