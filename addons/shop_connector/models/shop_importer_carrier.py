from odoo import fields, models


class ShopImporterCarrier(models.AbstractModel):
    """Shop shipping modules (flat, item, table, dhl...) -> delivery methods."""

    _name = "shop.importer.carrier"
    _description = "Webshop Shipping Method Import"

    def _import_shipping_module(self, backend, module, cache):
        """One installed shipping module of config_export."""
        binding = cache.carrier_bindings.get(module["code"])
        if binding:
            return "unchanged"
        self._create_carrier(backend, module["code"], module["code"], module.get("cost") or 0.0, cache)
        return "created"

    def _order_carrier(self, backend, order, cache):
        """The delivery method of an order, by its shipping class (module_method, e.g. flat_flat)."""
        shipping_class = order.get("shipping_class") or ""
        if not shipping_class:
            return self.env["delivery.carrier"]
        code = shipping_class.split("_")[0]
        binding = cache.carrier_bindings.get(code)
        title = order.get("shipping_method") or code
        if not binding:
            binding = self._create_carrier(backend, code, title, 0.0, cache)
        elif binding.carrier_id.name == code and title != code:
            # Named after the module until an order tells the title the customers see.
            binding.carrier_id.name = title
            binding.carrier_id.product_id.name = title
        return binding.carrier_id

    def _create_carrier(self, backend, code, title, cost, cache):
        product = self.env["product.product"].create(
            {
                "name": title,
                "type": "service",
                "sale_ok": False,
                "list_price": cost,
                "taxes_id": [fields.Command.clear()],
                "company_id": backend.company_id.id,
                "default_code": f"SHIP-{code}".upper(),
            }
        )
        carrier = self.env["delivery.carrier"].create(
            {
                "name": title,
                "delivery_type": "fixed",
                "fixed_price": cost,
                "product_id": product.id,
                "carrier_description": self.env._("Shipping module %(code)s of %(shop)s", code=code, shop=backend.name),
            }
        )
        binding = self.env["shop.carrier.binding"].create(
            {
                "backend_id": backend.id,
                "external_id": code,
                "carrier_id": carrier.id,
                "sync_date": fields.Datetime.now(),
                "domain_id": backend.domain_ids[:1].id,
            }
        )
        cache.carrier_bindings[code] = binding
        return binding
