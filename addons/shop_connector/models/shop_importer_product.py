from odoo import fields, models

from ..exceptions import ShopRefusal


class ShopImporterProduct(models.AbstractModel):
    """Shop products -> products, found by the shop's model number (SKU) before one is created."""

    _name = "shop.importer.product"
    _description = "Webshop Product Import"

    def _import_product(self, backend, record, cache):
        """One record of products_export. Returns created / updated / unchanged / later, or the
        values of a new product that the caller creates with the others of its batch at once."""
        binding = cache.product_bindings.get(str(record["id"]))
        if binding and binding.sync_hash == record["hash"]:
            return "unchanged"
        if record.get("broken_encoding"):
            raise ShopRefusal(self.env._("The shop sent characters that are not valid in the answer's charset."))
        vals = self._product_vals(backend, record, cache)
        importer = self.env["shop.importer.partner"]
        if binding:
            product = binding.product_id
            if vals.get("barcode") and vals["barcode"] == product.barcode:
                vals.pop("barcode")
            importer._write_changed(product, self._free_barcode(vals, product, cache))
            self._note_barcode(product, cache)
            binding.write({"sync_hash": record["hash"], "sync_date": fields.Datetime.now()})
            return "updated"
        product = self._find_product(backend, record.get("model"), cache)
        if not product:
            if not cache.reserve({("sku", vals["default_code"]), ("barcode", vals["barcode"])}):
                return "later"
            vals = self._free_barcode(vals, None, cache)
            if cache.pending is not None:
                return vals
            return self._create_products(backend, [(record, vals)], cache)[0]
        importer._write_changed(product, self._free_barcode(vals, product, cache))
        self._note_barcode(product, cache)
        cache.product_bindings[str(record["id"])] = self.env["shop.product.binding"].create(
            self._binding_vals(backend, product, record)
        )
        return "created"

    def _create_products(self, backend, items, cache):
        """New products of shop products [(record, vals)], with one create() per model for all."""
        products = self.env["product.product"].create([dict(vals) for _record, vals in items])
        bindings = self.env["shop.product.binding"].create(
            [
                self._binding_vals(backend, product, record)
                for (record, _vals), product in zip(items, products, strict=True)
            ]
        )
        for (record, _vals), product, binding in zip(items, products, bindings, strict=True):
            cache.product_bindings[str(record["id"])] = binding
            if product.default_code and not cache.matches.get(("sku", product.default_code)):
                cache.matches[("sku", product.default_code)] = product
            self._note_barcode(product, cache)
        return ["created"] * len(items)

    def _prefetch_products(self, backend, records, cache):
        """Read the products that the new shop products of a batch may be linked to (same SKU),
        and the EANs other products already carry, in two queries."""
        new = [r for r in records if str(r["id"]) not in cache.product_bindings]
        skus = {r["model"] for r in new if r.get("model") and ("sku", r["model"]) not in cache.matches}
        barcodes = {r["ean"] for r in records if r.get("ean") and ("barcode", r["ean"]) not in cache.matches}
        Product = self.env["product.product"].with_context(active_test=False)
        if skus:
            found = {}
            for product in Product.search(self._sku_domain(backend, list(skus))):
                found.setdefault(product.default_code, product)
            for sku in skus:
                cache.matches[("sku", sku)] = found.get(sku, self.env["product.product"])
        if barcodes:
            found = {}
            for row in Product.search_read([("barcode", "in", list(barcodes))], ["barcode"]):
                found.setdefault(row["barcode"], []).append(row["id"])
            for barcode in barcodes:
                cache.matches[("barcode", barcode)] = found.get(barcode, [])

    def _order_line_product(self, backend, line, cache):
        """The product of an order line: its link, else the same SKU; else the line is refused."""
        binding = cache.product_bindings.get(str(line["product_id"]))
        if binding:
            return binding.product_id
        product = self._find_product(backend, line.get("model"), cache)
        if not product:
            raise ShopRefusal(
                self.env._(
                    "The product %(name)s (shop id %(id)s, model %(model)s) is neither in the shop's "
                    "product export nor in Odoo.",
                    name=line.get("name"),
                    id=line.get("product_id"),
                    model=line.get("model") or "-",
                )
            )
        return product

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _find_product(self, backend, model, cache):
        if not model:
            return self.env["product.product"]
        return cache.match(
            ("sku", model),
            lambda: (
                self.env["product.product"]
                .with_context(active_test=False)
                .search(self._sku_domain(backend, [model]), limit=1)
            ),
        )

    def _sku_domain(self, backend, skus):
        return [("default_code", "in", skus), ("company_id", "in", (False, backend.company_id.id))]

    def _binding_vals(self, backend, product, record):
        return {
            "backend_id": backend.id,
            "external_id": str(record["id"]),
            "product_id": product.id,
            "sync_hash": record["hash"],
            "sync_date": fields.Datetime.now(),
        }

    def _product_vals(self, backend, record, cache):
        descriptions = record.get("descriptions") or {}
        text = descriptions.get((backend.lang_code or "").lower()) or next(iter(descriptions.values()), {})
        tax = self.env["shop.tax.map"]._shop_find(backend, record["tax_rate"], backend.company_id.country_id, False)
        return {
            "name": text.get("name") or record.get("model") or self.env._("Shop product %s", record["id"]),
            "default_code": record.get("model") or False,
            "list_price": record["price"],
            "weight": record.get("weight") or 0.0,
            "barcode": record.get("ean") or False,
            "description_sale": text.get("description") or False,
            "taxes_id": [fields.Command.set(tax.ids)],
            "type": "consu",
            "sale_ok": True,
            "active": True,
        }

    def _note_barcode(self, product, cache):
        """The product carries its EAN from now on: no other product of the run may take it."""
        key = ("barcode", product.barcode)
        if product.barcode and product.id not in cache.matches.get(key, []):
            cache.matches[key] = [*cache.matches.get(key, []), product.id]

    def _free_barcode(self, vals, product, cache):
        """Barcodes are unique in Odoo: keep an EAN another product already carries off this one."""
        barcode = vals.get("barcode")
        if barcode:
            owners = cache.match(
                ("barcode", barcode),
                lambda: (
                    self.env["product.product"].with_context(active_test=False).search([("barcode", "=", barcode)]).ids
                ),
            )
            if set(owners) - {product.id if product else 0}:
                vals = dict(vals, barcode=False) if not product else {k: v for k, v in vals.items() if k != "barcode"}
        if product and "taxes_id" in vals and set(product.taxes_id.ids) == set(vals["taxes_id"][0][2]):
            vals = {k: v for k, v in vals.items() if k != "taxes_id"}
        return vals
