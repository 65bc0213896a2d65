from odoo import fields, models

from ..exceptions import ShopRefusal


class ShopImporterProduct(models.AbstractModel):
    """Shop products -> products, found by the shop's model number (SKU) before one is created."""

    _name = "shop.importer.product"
    _description = "Webshop Product Import"

    def _import_product(self, backend, record, cache):
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
            importer._write_changed(product, self._free_barcode(vals, product))
            result = "updated"
        else:
            product = self._find_product(backend, record.get("model"))
            if product:
                importer._write_changed(product, self._free_barcode(vals, product))
            else:
                product = self.env["product.product"].create(self._free_barcode(vals, None))
            binding = self.env["shop.product.binding"].create(
                {
                    "backend_id": backend.id,
                    "external_id": str(record["id"]),
                    "product_id": product.id,
                    "sync_hash": record["hash"],
                    "sync_date": fields.Datetime.now(),
                }
            )
            cache.product_bindings[str(record["id"])] = binding
            return "created"
        binding.write({"sync_hash": record["hash"], "sync_date": fields.Datetime.now()})
        return result

    def _order_line_product(self, backend, line, cache):
        """The product of an order line: its link, else the same SKU; else the line is refused."""
        binding = cache.product_bindings.get(str(line["product_id"]))
        if binding:
            return binding.product_id
        product = self._find_product(backend, line.get("model"))
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

    def _find_product(self, backend, model):
        if not model:
            return self.env["product.product"]
        return (
            self.env["product.product"]
            .with_context(active_test=False)
            .search([("default_code", "=", model), ("company_id", "in", (False, backend.company_id.id))], limit=1)
        )

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

    def _free_barcode(self, vals, product):
        """Barcodes are unique in Odoo: keep an EAN another product already carries off this one."""
        barcode = vals.get("barcode")
        if barcode:
            taken = (
                self.env["product.product"]
                .with_context(active_test=False)
                .search_count([("barcode", "=", barcode), ("id", "!=", product.id if product else 0)], limit=1)
            )
            if taken:
                vals = dict(vals, barcode=False) if not product else {k: v for k, v in vals.items() if k != "barcode"}
        if product and "taxes_id" in vals and set(product.taxes_id.ids) == set(vals["taxes_id"][0][2]):
            vals = {k: v for k, v in vals.items() if k != "taxes_id"}
        return vals
