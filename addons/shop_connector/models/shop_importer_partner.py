import hashlib

from odoo import fields, models

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
        """One record of customers_export. Returns created / updated / unchanged."""
        Binding = self.env["shop.partner.binding"]
        binding = cache.partner_bindings.get(("customer", str(record["id"])))
        if binding and binding.sync_hash == record["hash"]:
            return "unchanged"
        if record.get("broken_encoding"):
            raise ShopRefusal(self.env._("The shop sent characters that are not valid in the answer's charset."))
        vals = self._partner_vals(record, cache)
        domain = backend._shop_domain(record.get("shop_id"))
        if binding:
            partner = binding.partner_id
            self._write_changed(partner, vals)
            result = "updated"
        else:
            partner = self._match_partner(backend, record.get("email"), record.get("vat_id"))
            if partner:
                # A partner Odoo already had: fill its gaps, keep what the users entered.
                self._write_changed(partner, {k: v for k, v in vals.items() if not partner[k]})
            else:
                partner = self.env["res.partner"].create(vals)
            binding = Binding.create(
                {
                    "backend_id": backend.id,
                    "kind": "customer",
                    "external_id": str(record["id"]),
                    "partner_id": partner.id,
                    **self._binding_sync_vals(record, domain),
                }
            )
            cache.partner_bindings[("customer", str(record["id"]))] = binding
            result = "created"
        if result == "updated":
            binding.write(self._binding_sync_vals(record, domain))
        if record.get("company") and person_name(record):
            self._contact_person(backend, partner, record, domain, cache)
        return result

    def _order_partner(self, backend, order, cache):
        """The customer partner of an order: its account, else the guest found by e-mail."""
        billing = order["billing"]
        domain = backend._shop_domain(order.get("shop_id"))
        registered = order["customer_id"] and order["customer_group"] != "1"
        if registered:
            binding = cache.partner_bindings.get(("customer", str(order["customer_id"])))
            if binding:
                return binding
            key, kind = str(order["customer_id"]), "customer"
        else:
            email = (billing.get("email") or "").strip().lower()
            if not email:
                raise ShopRefusal(self.env._("The guest order has no e-mail address."))
            binding = cache.partner_bindings.get(("guest", email))
            if binding:
                return binding
            key, kind = email, "guest"
        vals = self._partner_vals(billing, cache)
        partner = self._match_partner(backend, billing.get("email"), billing.get("vat_id"))
        if partner:
            self._write_changed(partner, {k: v for k, v in vals.items() if not partner[k]})
        else:
            partner = self.env["res.partner"].create(vals)
        binding = self.env["shop.partner.binding"].create(
            {
                "backend_id": backend.id,
                "kind": kind,
                "external_id": key,
                "partner_id": partner.id,
                "domain_id": domain.id,
                "address_key": address_key(billing),
                "sync_date": fields.Datetime.now(),
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
        existing = cache.partner_bindings.get(("address", key))
        if existing:
            return existing.partner_id
        vals = self._partner_vals(address, cache)
        vals.update(
            {
                "parent_id": partner.id,
                "type": address_type,
                "name": person_name(address) or vals["name"],
                "is_company": False,
                "email": address.get("email") or False,
                "vat": False,
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
                    "phone": record.get("telephone") or False,
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
            "phone": record.get("telephone") or False,
            "email": (record.get("email") or "").strip() or False,
            "vat": (record.get("vat_id") or "").replace(" ", "").upper() or False,
            "customer_rank": 1,
        }
        if record.get("cid"):
            vals["ref"] = record["cid"]
        return vals

    def _match_partner(self, backend, email, vat):
        """An existing partner with the same e-mail (case-insensitive) or VAT number."""
        Partner = self.env["res.partner"].with_context(active_test=False)
        company_domain = [("company_id", "in", (False, backend.company_id.id))]
        email = (email or "").strip()
        if email:
            partner = Partner.search([("email", "=ilike", email), *company_domain], order="parent_id desc, id", limit=1)
            if partner:
                return partner.commercial_partner_id if partner.parent_id else partner
        vat = (vat or "").replace(" ", "").upper()
        if vat:
            return Partner.search([("vat", "=", vat), ("is_company", "=", True), *company_domain], limit=1)
        return Partner

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
