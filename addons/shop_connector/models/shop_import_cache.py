from ..exceptions import ShopRefusal


class _JournalDict(dict):
    """A dict that notes the keys added, so a record rolled back can take its entries back out."""

    def __init__(self, items, journal):
        super().__init__(items)
        self.journal = journal

    def __setitem__(self, key, value):
        if key not in self:
            self.journal.append((self, key))
        return super().__setitem__(key, value)


class ImportCache:
    """What one import run looks up again and again, read once: the backend's bindings, countries
    and states. Keeps an unchanged run to a handful of queries."""

    def __init__(self, backend):
        env = backend.env
        self.env = env
        self.journal = []
        self.partner_bindings = _JournalDict(
            {(b.kind, b.external_id): b for b in env["shop.partner.binding"].search([("backend_id", "=", backend.id)])},
            self.journal,
        )
        self.product_bindings = _JournalDict(
            {b.external_id: b for b in env["shop.product.binding"].search([("backend_id", "=", backend.id)])},
            self.journal,
        )
        self.carrier_bindings = _JournalDict(
            {b.external_id: b for b in env["shop.carrier.binding"].search([("backend_id", "=", backend.id)])},
            self.journal,
        )
        self.orders = {}  # shop order id -> sale.order, for the window being imported
        self._countries = {}
        self._states = {}

    def begin(self):
        """Start of one record."""
        self.journal.clear()

    def rollback(self):
        """The record was rolled back: forget the bindings it created."""
        for mapping, key in self.journal:
            dict.pop(mapping, key, None)
        self.journal.clear()

    def country(self, code):
        code = (code or "").strip().upper()
        if code not in self._countries:
            self._countries[code] = self.env["res.country"].search([("code", "=", code)], limit=1) if code else None
        country = self._countries[code]
        if not country:
            raise ShopRefusal(self.env._("Unknown country %r in the shop's address.", code or ""))
        return country

    def state(self, country, name):
        name = (name or "").strip()
        if not name:
            return self.env["res.country.state"]
        key = (country.id, name.lower())
        if key not in self._states:
            self._states[key] = self.env["res.country.state"].search(
                [("country_id", "=", country.id), "|", ("name", "=ilike", name), ("code", "=ilike", name)], limit=1
            )
        return self._states[key]
