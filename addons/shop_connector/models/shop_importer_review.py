# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import math

from odoo import models

# Beyond any real shop order: a quantity, unit price or total above it is a broken or hostile record.
ABSURD = 1e9


def finite(value):
    """The value, or 0 for what cannot be stored or computed with (NaN, infinity, 1e30)."""
    return value if math.isfinite(value) and abs(value) <= ABSURD else 0.0


def _suspicious(value):
    return not math.isfinite(value) or value < 0 or value > ABSURD


class ShopImporterOrder(models.AbstractModel):
    """Orders that wait for a sales manager's review, whatever their totals: lines with negative or
    absurd quantities or prices (negative, NaN, 1e30; such values are kept out of the order as
    0), and orders of a customer linked by e-mail or VAT number alone to a contact the import did
    not create. They are imported unconfirmed, in Webshop Differences, with the reason."""

    _inherit = "shop.importer.order"

    def _order_lines(self, backend, record, carrier, country, cache):
        return super()._order_lines(backend, self._shop_storable(record), carrier, country, cache)

    def _shop_totals(self, record):
        return super()._shop_totals(self._shop_storable(record))

    def _reconcile(self, backend, order, record):
        problem = super()._reconcile(backend, order, record)
        review = self._shop_review_reasons(backend, order, record)
        if not review:
            return problem
        problem = "\n".join([problem, *review] if problem else review)
        order.shop_exception = problem
        order.message_post(body=self.env._("Not confirmed, to review: %s", " ".join(review)))
        return problem

    def _shop_review_reasons(self, backend, order, record):
        reasons = []
        for number, line in enumerate(record["lines"], start=1):
            if _suspicious(line["quantity"]) or _suspicious(line["price"]):
                # Formatted before the call: Odoo's term extraction cannot read expressions in it.
                quantity, price = f"{line['quantity']:g}", f"{line['price']:g}"
                reasons.append(
                    self.env._(
                        "Line %(line)s (%(name)s) has the quantity %(quantity)s and the unit price %(price)s "
                        "in the shop: negative, not a number or beyond any real order.",
                        line=number,
                        name=line["name"] or line["model"],
                        quantity=quantity,
                        price=price,
                    )
                )
        for total in record["totals"]:
            if not math.isfinite(total["value"]) or abs(total["value"]) > ABSURD:
                value = f"{total['value']:g}"
                reasons.append(self.env._("The shop's %(module)s is %(value)s.", module=total["class"], value=value))
        link = self.env["shop.partner.binding"].search(
            [("backend_id", "=", backend.id), ("partner_id", "=", order.partner_id.id), ("to_review", "=", True)],
            limit=1,
        )
        if link:
            reasons.append(
                self.env._(
                    "The shop customer was linked by e-mail address or VAT number alone to %(partner)s, a "
                    "contact the import did not create: check that it is the same customer. Accepting the "
                    "difference confirms the link; the shop's changes of the customer then update %(partner)s.",
                    partner=order.partner_id.display_name,
                )
            )
        return reasons

    def _shop_storable(self, record):
        """The record with the values Odoo cannot store or compute with set to 0."""
        lines = [dict(line, quantity=finite(line["quantity"]), price=finite(line["price"])) for line in record["lines"]]
        totals = [dict(total, value=finite(total["value"])) for total in record["totals"]]
        return dict(record, lines=lines, totals=totals)
