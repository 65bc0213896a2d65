import hashlib

from odoo import fields, models
from odoo.tools import SQL

from ..exceptions import ShopRefusal


def address_key(address):
    """A comparable form of a shop address, to tell a customer's other addresses from its own."""
    parts = [
        address.get(key, "") or ""
        for key in ("company", "firstname", "lastname", "street", "suburb", "postcode", "city", "country")
    ]
    normalized = "|".join(" ".join(part.lower().split()) for part in parts)
    return hashlib.sha1(normalized.encode()).hexdigest()


def person_name(address):
    name = " ".join(part for part in (address.get("firstname"), address.get("lastname")) if part)
    return name or address.get("name") or ""


class ShopImporterPartner(models.AbstractModel):
    """Shop customers, guests, their addresses and contact persons -> partners.

    A customer account is one partner (a company with its contact person when the shop has a
    company name). Guests have no account (the shop deletes it after checkout): they are found
    by e-mail, so a returning guest is one partner, not one per order. An existing Odoo partner
    with the same e-mail or VAT number is linked instead of duplicated.
    """

    _name = "shop.importer.partner"
    _description = "Webshop Customer Import"

    def _import_customer(self, backend, record, cache):
        """One record of customers_export. Returns created / updated / unchanged / later, or the
        values of a new partner that the caller creates with the others of its batch at once."""
        binding = cache.partner_bindings.get(("customer", str(record["id"])))
        if binding and binding.sync_hash == record["hash"]:
            return "unchanged"
        if record.get("broken_encoding"):
            raise ShopRefusal(self.env._("The shop sent characters that are not valid in the answer's charset."))
        vals = self._partner_vals(record, cache)
        domain = backend._shop_domain(record.get("shop_id"))
        if binding:
            partner = binding.partner_id
            if self._shop_may_update(binding):
                self._write_changed(partner, vals)
            binding.write(self._binding_sync_vals(record, domain))
        else:
            partner = self._match_partner(backend, record.get("email"), record.get("vat_id"), cache)
            if not partner:
                if not cache.reserve(self._match_keys(vals)):
                    return "later"
                if cache.pending is not None:
                    return vals
                return self._create_customers(backend, [(record, vals)], cache)[0]
            # A partner Odoo already had: linked, nothing written (see _shop_review_vals).
            cache.partner_bindings[("customer", str(record["id"]))] = self.env["shop.partner.binding"].create(
                {**self._customer_binding_vals(backend, partner, record, domain), **self._shop_review_vals(partner)}
            )
        if record.get("company") and person_name(record):
            self._contact_person(backend, partner, record, domain, cache)
        return "updated" if binding else "created"

    def _create_customers(self, backend, items, cache):
        """New partners of shop customers [(record, vals)], with one create() per model for all."""
        partners = self.env["res.partner"].create([dict(vals) for _record, vals in items])
        domains = [backend._shop_domain(record.get("shop_id")) for record, _vals in items]
        bindings = self.env["shop.partner.binding"].create(
            [
                self._customer_binding_vals(backend, partner, record, domain)
                for (record, _vals), partner, domain in zip(items, partners, domains, strict=True)
            ]
        )
        for (record, _vals), partner, binding, domain in zip(items, partners, bindings, domains, strict=True):
            cache.partner_bindings[("customer", str(record["id"]))] = binding
            self._note_match(partner, cache)
            if record.get("company") and person_name(record):
                self._contact_person(backend, partner, record, domain, cache)
        return ["created"] * len(items)

    def _prefetch_customers(self, backend, records, cache):
        """Read the partners that the new customers of a batch may be linked to, in two queries."""
        new = [r for r in records if ("customer", str(r["id"])) not in cache.partner_bindings]
        self._prefetch_matches(
            backend, {(r.get("email") or "").strip() for r in new}, {self._vat(r.get("vat_id")) for r in new}, cache
        )

    def _order_partner(self, backend, order, cache):
        """The customer partner of an order: its account, else the guest found by e-mail."""
        billing = order["billing"]
        domain = backend._shop_domain(order.get("shop_id"))
        registered = order["customer_id"] and order["customer_group"] != "1"
        if registered:
            key, kind = str(order["customer_id"]), "customer"
        else:
            key, kind = (billing.get("email") or "").strip().lower(), "guest"
            if not key:
                raise ShopRefusal(self.env._("The guest order has no e-mail address."))
        binding = cache.partner_binding(backend, kind, key)
        if binding:
            return binding
        vals = self._partner_vals(billing, cache)
        partner = self._match_partner(backend, billing.get("email"), billing.get("vat_id"), cache)
        review = self._shop_review_vals(partner)
        if not partner:
            partner = self.env["res.partner"].create(vals)
            self._note_match(partner, cache)
        binding = self.env["shop.partner.binding"].create(
            {
                "backend_id": backend.id,
                "kind": kind,
                "external_id": key,
                "partner_id": partner.id,
                "domain_id": domain.id,
                "address_key": address_key(billing),
                "sync_date": fields.Datetime.now(),
                **review,
            }
        )
        cache.partner_bindings[(kind, key)] = binding
        if billing.get("company") and person_name(billing):
            self._contact_person(backend, partner, billing, domain, cache)
        return binding

    def _order_address(self, backend, binding, address, address_type, cache):
        """The customer itself when the order's address is its own, else a child address."""
        if not address or address_key(address) == binding.address_key:
            return binding.partner_id
        partner = binding.partner_id
        key = f"{partner.id}:{address_type}:{address_key(address)}"
        existing = cache.partner_binding(backend, "address", key)
        if existing:
            return existing.partner_id
        vals = self._partner_vals(address, cache)
        vals.update(
            {
                "parent_id": partner.id,
                "type": address_type,
                "name": self._address_name(partner, address) or vals["name"],
                "is_company": False,
                "email": address.get("email") or False,
                "vat": False,
                "shop_vat_refused": False,
            }
        )
        child = self.env["res.partner"].create(vals)
        cache.partner_bindings[("address", key)] = self.env["shop.partner.binding"].create(
            {
                "backend_id": backend.id,
                "kind": "address",
                "external_id": key,
                "partner_id": child.id,
                "domain_id": binding.domain_id.id,
                "sync_date": fields.Datetime.now(),
            }
        )
        return child

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _address_name(self, customer, address):
        """The person of an address, with its company as Odoo shows addresses ("company, person")
        unless the company is the customer itself, whose name Odoo already shows before it."""
        company = " ".join((address.get("company") or "").split())
        person = person_name(address)
        if not company or company == customer.commercial_partner_id.name:
            return person
        return f"{company}, {person}" if person else company

    def _binding_sync_vals(self, record, domain):
        return {
            "sync_hash": record["hash"],
            "sync_date": fields.Datetime.now(),
            "domain_id": domain.id,
            "address_key": address_key(record),
        }

    def _contact_person(self, backend, company, record, domain, cache):
        key = f"{company.id}:{person_name(record).lower()}"
        if ("contact", key) in cache.partner_bindings:
            return cache.partner_bindings[("contact", key)].partner_id
        contact = company.child_ids.filtered(lambda c: c.type == "contact" and c.name == person_name(record))[:1]
        if not contact:
            contact = self.env["res.partner"].create(
                {
                    "parent_id": company.id,
                    "type": "contact",
                    "name": person_name(record),
                    "email": record.get("email") or False,
                    "phone": self._shop_phone(record.get("telephone"), company.country_id),
                }
            )
        cache.partner_bindings[("contact", key)] = self.env["shop.partner.binding"].create(
            {
                "backend_id": backend.id,
                "kind": "contact",
                "external_id": key,
                "partner_id": contact.id,
                "domain_id": domain.id,
                "sync_date": fields.Datetime.now(),
            }
        )
        return contact

    def _partner_vals(self, record, cache):
        country = cache.country(record.get("country"))
        company = record.get("company") or ""
        vals = {
            "name": company or person_name(record) or record.get("email") or self.env._("Shop customer"),
            "is_company": bool(company),
            "street": record.get("street") or False,
            "street2": record.get("suburb") or False,
            "zip": record.get("postcode") or False,
            "city": record.get("city") or False,
            "country_id": country.id,
            "state_id": cache.state(country, record.get("state")).id,
            "phone": self._shop_phone(record.get("telephone"), country),
            "email": (record.get("email") or "").strip() or False,
            "customer_rank": 1,
            **self._shop_vat_vals(self._vat(record.get("vat_id")), country, bool(company)),
        }
        if record.get("cid"):
            vals["ref"] = record["cid"]
        return vals

    def _customer_binding_vals(self, backend, partner, record, domain):
        return {
            "backend_id": backend.id,
            "kind": "customer",
            "external_id": str(record["id"]),
            "partner_id": partner.id,
            **self._binding_sync_vals(record, domain),
        }

    def _vat(self, vat):
        return (vat or "").replace(" ", "").upper()

    def _match_keys(self, vals):
        return {("email", (vals.get("email") or "").lower()), ("vat", vals.get("vat") or "")}

    def _match_partner(self, backend, email, vat, cache):
        """An existing partner with the same e-mail (case-insensitive) or VAT number."""
        email = (email or "").strip()
        if email:
            partner = cache.match(("email", email.lower()), lambda: self._search_matches(backend, {email}, ())[0])
            if partner:
                return partner
        vat = self._vat(vat)
        if vat:
            return cache.match(("vat", vat), lambda: self._search_matches(backend, (), {vat})[1])
        return self.env["res.partner"]

    def _prefetch_matches(self, backend, emails, vats, cache):
        emails = {e for e in emails if e and ("email", e.lower()) not in cache.matches}
        vats = {v for v in vats if v and ("vat", v) not in cache.matches}
        if not emails and not vats:
            return
        by_email, by_vat = self._search_matches(backend, emails, vats, all_keys=True)
        for email in emails:
            cache.matches[("email", email.lower())] = by_email.get(email.lower(), self.env["res.partner"])
        for vat in vats:
            cache.matches[("vat", vat)] = by_vat.get(vat, self.env["res.partner"])

    def _search_matches(self, backend, emails, vats, all_keys=False):
        """Partners by e-mail (lower case -> the partner, or its company for a contact; partners
        without a parent first) and companies by VAT number, one query each. With all_keys
        False: the partner of the one e-mail and of the one VAT number asked."""
        Partner = self.env["res.partner"].with_context(active_test=False)
        company_domain = [("company_id", "in", (False, backend.company_id.id))]
        by_email, by_vat = {}, {}
        if emails:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM res_partner WHERE lower(email) IN %s",
                    tuple(e.lower() for e in emails),
                )
            )
            ids = [row[0] for row in self.env.cr.fetchall()]
            if ids:
                domain = [("id", "in", ids), *company_domain, *self._shop_matchable_domain()]
                for partner in Partner.search(domain, order="parent_id desc, id"):
                    key = (partner.email or "").strip().lower()
                    if key not in by_email:
                        by_email[key] = partner.commercial_partner_id if partner.parent_id else partner
        if vats:
            domain = [("vat", "in", list(vats)), ("is_company", "=", True), *company_domain]
            for partner in Partner.search([*domain, *self._shop_matchable_domain()]):
                by_vat.setdefault(partner.vat, partner)
        if all_keys:
            return by_email, by_vat
        empty = self.env["res.partner"]
        return (
            next(iter(by_email.values()), empty) if emails else empty,
            next(iter(by_vat.values()), empty) if vats else empty,
        )

    def _note_match(self, partner, cache):
        """A partner created by the import is the match of its e-mail and VAT number from now on."""
        vat = partner.vat if partner.is_company else False
        for key in self._match_keys({"email": (partner.email or "").strip(), "vat": vat}):
            if key[1] and not cache.matches.get(key):
                cache.matches[key] = partner

    def _write_changed(self, record, vals):
        """Write only the values that differ, so unchanged data leaves no write (nor tracking)."""
        changed = {}
        for name, value in vals.items():
            field = record._fields[name]
            current = record[name]
            if field.type == "many2one":
                current = current.id
            elif field.type in ("many2many", "one2many"):
                # Only Command.set() is written by the importers.
                if set(current.ids) != set(value[0][2]):
                    changed[name] = value
                continue
            if (current or False) != (value or False):
                changed[name] = value
        if changed:
            record.write(changed)
        return changed
