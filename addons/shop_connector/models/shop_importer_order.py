import datetime

import pytz

from odoo import fields, models
from odoo.tools import float_round

from ..exceptions import ShopRefusal

# Order total modules that are sums or taxes, not amounts of their own.
SUM_CLASSES = {"ot_subtotal", "ot_subtotal_no_tax", "ot_tax", "ot_total", "ot_total_netto", "ot_shipping"}
# Discount coupons: the shop takes the coupon's share off each product rate's tax
# (ot_coupon.php, new_calculate_tax_deduction), whatever tax class the module names in TOTAL_TAX.
SHARED_CLASSES = {"ot_coupon"}
# Gift vouchers pay part of the order: the shop reduces no tax (MODULE_ORDER_TOTAL_GV_CALC_TAX
# "None", as installed), the order keeps its full taxes and owes the rest.
VOUCHER_CLASSES = {"ot_gv"}


class ShopImporterOrder(models.AbstractModel):
    """Shop orders -> sale orders, rebuilt from the shop's lines and rates and checked against the
    shop's own total.

    PRODUCTS_PRICE is always the net unit price. For customers who saw gross prices (tax flag 1)
    the shop divided its gross price by the rate: the line gets the gross price back and a
    price-included tax, so Odoo's total is the shop's to the cent. For net-price groups the line
    keeps the net price with a price-excluded tax. Taxes always follow the shop's rates, never the
    Odoo product's taxes.
    """

    _name = "shop.importer.order"
    _description = "Webshop Order Import"

    def _prepare_order(self, backend, record, cache):
        """One ORDER_INFO, first part. Returns unchanged / updated / skipped, or the values of a
        new order, which the caller creates with the others of its window at once."""
        order = cache.orders.get(record["id"])
        if order and order.shop_sync_hash == record["hash"]:
            return "unchanged"
        if record.get("broken_encoding"):
            raise ShopRefusal(self.env._("The shop sent characters that are not valid in the answer's charset."))
        status = backend._shop_status(record["status"])
        if order:
            return self._update_order(backend, order, record, status, cache)
        if not status.import_orders:
            return "skipped"
        return self._order_vals(backend, record, status, cache)

    def _finish_order(self, backend, order, record):
        """Second part, on the created order: compare with the shop's totals, then the status's step."""
        exception = self._reconcile(backend, order, record)
        self._apply_step(order, order.shop_status_id)
        return "exception" if exception else "created"

    # ------------------------------------------------------------------
    # Building the order
    # ------------------------------------------------------------------

    def _order_vals(self, backend, record, status, cache):
        partners = self.env["shop.importer.partner"]
        if not record["lines"]:
            raise ShopRefusal(self.env._("The shop exported the order without any product line."))
        currency = cache.currency(record["currency"])
        pricelist = backend.pricelist_id
        if not currency:
            raise ShopRefusal(self.env._("Unknown currency %s.", record["currency"]))
        if (pricelist.currency_id or backend.company_id.currency_id) != currency:
            pricelist = self.env["product.pricelist"].search(
                [("currency_id", "=", currency.id), ("company_id", "in", (False, backend.company_id.id))], limit=1
            )
            if not pricelist:
                raise ShopRefusal(self.env._("No pricelist in %s for this shop order.", currency.name))
        binding = partners._order_partner(backend, record, cache)
        billing = partners._shop_own_billing(binding, record)
        invoice_partner = partners._order_address(backend, binding, billing, "invoice", cache)
        shipping_partner = partners._order_address(backend, binding, record["delivery"], "delivery", cache)
        domain = backend._shop_domain(record.get("shop_id"))
        carrier = self.env["shop.importer.carrier"]._order_carrier(backend, record, cache)
        delivery_country = cache.country(record["delivery"].get("country") or record["billing"].get("country"))
        vals = {
            "partner_id": binding.partner_id.id,
            "partner_invoice_id": invoice_partner.id,
            "partner_shipping_id": shipping_partner.id,
            "company_id": backend.company_id.id,
            "date_order": self._utc(backend, record["date"]),
            "client_order_ref": str(record["id"]),
            "origin": self.env._("%(shop)s order %(id)s", shop=domain.name or backend.name, id=record["id"]),
            # The shop's rates decide the taxes: no fiscal position may map them again.
            "fiscal_position_id": False,
            "carrier_id": carrier.id,
            "team_id": (domain.team_id or backend.team_id).id,
            "shop_backend_id": backend.id,
            "shop_domain_id": domain.id,
            "shop_order_id": record["id"],
            "shop_status_id": status.id,
            "shop_payment_method": record["payment_method"] or record["payment_class"],
            "shop_comments": record["comments"] or False,
            "shop_sync_hash": record["hash"],
            "order_line": [
                fields.Command.create(line)
                for line in self._order_lines(backend, record, carrier, delivery_country, cache)
            ],
        }
        if pricelist:
            vals["pricelist_id"] = pricelist.id
        if backend.warehouse_id:
            vals["warehouse_id"] = backend.warehouse_id.id
        vals.update(self._shop_totals(record))
        return vals

    def _order_lines(self, backend, record, carrier, country, cache):
        products = self.env["shop.importer.product"]
        digits = self.env["decimal.precision"].precision_get("Product Price")
        gross = any(line["tax_flag"] for line in record["lines"])
        lines = []
        bases = {}  # rate -> amount, to share an untaxed discount over the order's rates
        for sequence, line in enumerate(record["lines"], start=1):
            # The tax first: a missing mapping is the reason to tell (it also keeps the product out).
            tax = self._tax(backend, line["tax"], country, line["tax_flag"], cache)
            product = products._order_line_product(backend, line, cache)
            factor = 1 + line["tax"] / 100 if line["tax_flag"] else 1
            price = float_round(line["price"] * factor, precision_digits=digits)
            lines.append(
                {
                    "sequence": sequence,
                    "product_id": product.id,
                    "name": self._line_name(line, factor),
                    "product_uom_qty": line["quantity"],
                    # The shop sells units, not packagings: nothing for Odoo to suggest.
                    "product_uom": product.uom_id.id,
                    "product_packaging_id": False,
                    "price_unit": price,
                    "discount": 0.0,
                    "tax_id": [fields.Command.set(tax.ids)],
                }
            )
            bases[line["tax"]] = bases.get(line["tax"], 0.0) + price * line["quantity"]
        sequence = len(lines)
        lines += self._total_lines(backend, record, carrier, country, gross, bases, sequence, cache)
        if not cache.analytic_models:
            for line in lines:
                line["analytic_distribution"] = False
        return lines

    def _total_lines(self, backend, record, carrier, country, gross, bases, sequence, cache):
        """Shipping, discounts and fees of the shop's order total modules."""
        lines = []
        for total in record["totals"]:
            if total["class"] == "ot_shipping":
                if not carrier:
                    raise ShopRefusal(self.env._("The order has shipping costs but no shipping method."))
                rate = float(total["tax"]) if total["tax"] else max(bases, default=0.0)
                sequence += 1
                lines.append(
                    {
                        "sequence": sequence,
                        "product_id": carrier.product_id.id,
                        "product_uom": carrier.product_id.uom_id.id,
                        "name": total["title"].rstrip(":") or carrier.name,
                        "product_uom_qty": 1,
                        "price_unit": total["value"],
                        "tax_id": [fields.Command.set(self._tax(backend, rate, country, gross, cache).ids)],
                        "is_delivery": True,
                    }
                )
            elif total["class"] in VOUCHER_CLASSES and total["value"]:
                sequence += 1
                voucher = self.env.ref("shop_connector.product_shop_voucher")
                lines.append(
                    {
                        "sequence": sequence,
                        "product_id": voucher.id,
                        "product_uom": voucher.uom_id.id,
                        "name": total["title"].rstrip(":") or total["class"],
                        "product_uom_qty": 1,
                        "price_unit": total["value"],
                        "tax_id": [fields.Command.clear()],
                    }
                )
            elif total["class"] not in SUM_CLASSES and total["value"]:
                adjustment = self.env.ref("shop_connector.product_shop_adjustment")
                for rate, amount in self._split_by_rate(total, bases):
                    sequence += 1
                    lines.append(
                        {
                            "sequence": sequence,
                            "product_id": adjustment.id,
                            "product_uom": adjustment.uom_id.id,
                            "name": total["title"].rstrip(":") or total["class"],
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": [fields.Command.set(self._tax(backend, rate, country, gross, cache).ids)],
                        }
                    )
        return lines

    def _tax(self, backend, rate, country, gross, cache):
        """The mapped tax of a rate, looked up once per run (a missing mapping raises each time)."""
        key = (round(rate, 3), country.id, bool(gross))
        if key not in cache.taxes:
            cache.taxes[key] = self.env["shop.tax.map"]._shop_find(backend, rate, country, gross)
        return cache.taxes[key]

    def _split_by_rate(self, total, bases):
        """A discount or fee: at its own rate when the shop says, else shared over the order's
        rates in proportion to their amounts (as the shop reduces every rate's tax)."""
        if total["tax"] and total["class"] not in SHARED_CLASSES:
            return [(float(total["tax"]), total["value"])]
        base = sum(bases.values())
        if not base or len(bases) == 1:
            return [(next(iter(bases), 0.0), total["value"])]
        parts, left = [], total["value"]
        rates = sorted(bases)
        for rate in rates[:-1]:
            amount = float_round(total["value"] * bases[rate] / base, precision_digits=2)
            parts.append((rate, amount))
            left -= amount
        parts.append((rates[-1], float_round(left, precision_digits=2)))
        return parts

    def _line_name(self, line, factor):
        name = line["name"] or line["model"]
        for option in line["options"]:
            text = f"{option['name']}: {option['value']}"
            if option["price"]:
                text += f" ({option['prefix']}{option['price'] * factor:.2f})"
            name += f"\n{text}"
        return name

    def _shop_totals(self, record):
        total = sum(t["value"] for t in record["totals"] if t["class"] == "ot_total")
        tax = sum(t["value"] for t in record["totals"] if t["class"] == "ot_tax")
        return {"shop_amount_total": total, "shop_amount_tax": tax}

    def _utc(self, backend, local):
        try:
            naive = datetime.datetime.strptime(local, "%Y-%m-%d %H:%M:%S")
        except (TypeError, ValueError):
            return fields.Datetime.now()
        aware = pytz.timezone(backend.tz or "UTC").localize(naive, is_dst=None)
        return aware.astimezone(pytz.utc).replace(tzinfo=None)

    # ------------------------------------------------------------------
    # Reconciliation and steps
    # ------------------------------------------------------------------

    def _reconcile(self, backend, order, record):
        """Compare the order rebuilt in Odoo with the shop's totals; a difference beyond rounding
        keeps the order out of confirmation, with the reason on the order."""
        if not any(t["class"] == "ot_total" for t in record["totals"]):
            problem = self.env._("The shop sent no order total (ot_total).")
        else:
            tolerance = backend.amount_tolerance
            diff_total = order.amount_total - order.shop_amount_total
            diff_tax = order.amount_tax - order.shop_amount_tax
            problem = False
            if abs(diff_total) > tolerance or abs(diff_tax) > tolerance:
                problem = self.env._(
                    "Rebuilt in Odoo: total %(odoo_total).2f, taxes %(odoo_tax).2f; the shop's: total "
                    "%(shop_total).4f, taxes %(shop_tax).4f (difference %(diff).4f, tolerance %(tol).2f).",
                    odoo_total=order.amount_total,
                    odoo_tax=order.amount_tax,
                    shop_total=order.shop_amount_total,
                    shop_tax=order.shop_amount_tax,
                    diff=diff_total,
                    tol=tolerance,
                )
        if (order.shop_exception or False) != problem:
            order.shop_exception = problem
        if problem:
            order.message_post(body=self.env._("Not confirmed: the order differs from the shop. %s", problem))
        return problem

    def _apply_step(self, order, status):
        if status.step == "cancel":
            if order.state != "cancel":
                order.with_context(shop_no_push=True, disable_cancel_warning=True)._action_cancel()
        elif status.step == "confirm" and order.state in ("draft", "sent") and not order.shop_exception:
            order.with_context(shop_no_push=True).action_confirm()

    def _update_order(self, backend, order, record, status, cache):
        """A changed shop order: a quotation is rebuilt; a confirmed order takes the new status
        (and its step), and the chatter says what changed."""
        notes = []
        if status and status != order.shop_status_id:
            notes.append(
                self.env._(
                    "Status in the shop: %(old)s → %(new)s",
                    old=order.shop_status_id.display_name or "-",
                    new=status.display_name,
                )
            )
        vals = {
            "shop_status_id": status.id,
            "shop_sync_hash": record["hash"],
            "shop_comments": record["comments"] or False,
        }
        if order.state in ("draft", "sent"):
            carrier = self.env["shop.importer.carrier"]._order_carrier(backend, record, cache)
            country = cache.country(record["delivery"].get("country") or record["billing"].get("country"))
            lines = self._order_lines(backend, record, carrier, country, cache)
            vals["order_line"] = [fields.Command.clear()] + [fields.Command.create(line) for line in lines]
            vals.update(self._shop_totals(record))
            vals["carrier_id"] = carrier.id
        if record["comments"] != (order.shop_comments or ""):
            notes.append(self.env._("Comments in the shop: %s", record["comments"]))
        order.write(vals)
        if "order_line" in vals:
            self._reconcile(backend, order, record)
        if notes:
            order.message_post(body="\n".join(notes))
        if status:
            self._apply_step(order, status)
        return "updated"
