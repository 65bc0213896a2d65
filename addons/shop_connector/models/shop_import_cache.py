from ..exceptions import ShopRefusal

_MISSING = object()


class _JournalDict(dict):
    """A dict that notes what a record changed in it, so a record rolled back can take its
    entries back out (or put the previous ones back)."""

    def __init__(self, items, journal):
        super().__init__(items)
        self.journal = journal

    def __setitem__(self, key, value):
        self.journal.append((self, key, self.get(key, _MISSING)))
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
        # Existing Odoo records a shop record may be linked to instead of creating one, read for a
        # whole batch at once: ("email", e-mail in lower case) / ("vat", VAT number) -> partner,
        # ("sku", model) -> product, ("barcode", EAN) -> product ids. An empty record: none.
        self.matches = _JournalDict({}, self.journal)
        # While a batch of customers or products is prepared: the match keys of its new records,
        # which are created together at the end (None: each record is created at once).
        self.pending = None
        self.orders = {}  # shop order id -> sale.order, for the window being imported
        # Without analytic distribution models there is no distribution for Odoo to look up on
        # each order line (one search per line, twice): the lines get none right away.
        self.analytic_models = bool(
            env["account.analytic.distribution.model"]
            .sudo()
            .search_count([("company_id", "in", (False, backend.company_id.id))], limit=1)
        )
        self.taxes = {}  # (shop rate, delivery country id, gross prices) -> the mapped account.tax
        self._currencies = {}
        self._countries = {}
        self._states = {}

    def partner_binding(self, backend, kind, external_id):
        """The link of a shop customer, guest or address; one not read at the start of the run may
        have been made since by another worker of the run."""
        key = (kind, external_id)
        if key not in self.partner_bindings:
            binding = self.env["shop.partner.binding"].search(
                [("backend_id", "=", backend.id), ("kind", "=", kind), ("external_id", "=", external_id)]
            )
            if not binding:
                return binding
            self.partner_bindings[key] = binding
        return self.partner_bindings[key]

    def begin(self):
        """Start of one record."""
        self.journal.clear()

    def rollback(self):
        """The record was rolled back: forget the bindings and matches it added."""
        for mapping, key, previous in reversed(self.journal):
            if previous is _MISSING:
                dict.pop(mapping, key, None)
            else:
                dict.__setitem__(mapping, key, previous)
        self.journal.clear()

    def match(self, key, search):
        """The record found for a match key: read once, by `search()` unless a batch read it."""
        if key not in self.matches:
            self.matches[key] = search()
        return self.matches[key]

    def reserve(self, keys):
        """Note the match keys of a new record of the batch; False when one of them is already
        taken by another new record of the batch (that record must wait for the batch's creation,
        then it is linked to it)."""
        keys = {key for key in keys if key[1]}
        if self.pending is None:
            return True
        if keys & self.pending:
            return False
        self.pending |= keys
        return True

    def currency(self, name):
        if name not in self._currencies:
            self._currencies[name] = (
                self.env["res.currency"].with_context(active_test=False).search([("name", "=", name)], limit=1)
            )
        return self._currencies[name]

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
