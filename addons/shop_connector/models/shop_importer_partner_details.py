# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import phonenumbers

from odoo import models
from odoo.exceptions import ValidationError

from .shop_importer_partner import address_key


class ShopImporterPartner(models.AbstractModel):
    """What the shop accepts but Odoo may not: VAT numbers its offline check took by their length
    alone, and phone numbers in whatever form the customer typed them."""

    _inherit = "shop.importer.partner"

    def _shop_own_billing(self, binding, record):
        """The order's billing address as the customer entered it. The shop's CAO export fills an
        empty billing company with the delivery company: a customer's own address, shipped to an
        office, would otherwise become an invoice address of that office's company."""
        billing, delivery = record["billing"], record["delivery"]
        if billing.get("company") and billing.get("company") == delivery.get("company"):
            own = {**billing, "company": ""}
            if address_key(own) == binding.address_key:
                return own
        return billing

    def _shop_vat_vals(self, vat, country, is_company):
        """The VAT number for the partner, or, when Odoo's VAT check would refuse it (and with it
        the customer and the order), the number kept in the connector's own field for review."""
        if vat and self._shop_vat_refused(vat, country, is_company):
            # No "vat" key: a number a user entered on a known customer stays.
            return {"shop_vat_refused": vat}
        return {"vat": vat or False, "shop_vat_refused": False}

    def _shop_vat_refused(self, vat, country, is_company):
        Partner = self.env["res.partner"]
        if not hasattr(Partner, "check_vat"):
            return False  # no VAT check installed (base_vat): Odoo stores any number
        probe = Partner.new({"name": vat, "vat": vat, "country_id": country.id, "is_company": is_company})
        try:
            probe.check_vat()
        except ValidationError:
            return True
        return False

    def _shop_phone(self, number, country):
        """The number in international format for the customer's country (as Odoo's own phone
        formatting writes it), or the shop's text when it cannot be read as a phone number."""
        number = (number or "").strip()
        if not number:
            return False
        try:
            parsed = phonenumbers.parse(number, country.code or None)
        except phonenumbers.NumberParseException:
            return number
        if not phonenumbers.is_possible_number(parsed):
            return number
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
