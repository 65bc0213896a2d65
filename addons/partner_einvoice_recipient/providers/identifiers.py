"""Which participant identifiers ("scheme:value", lower case) a customer can be found under."""

import re

from odoo.addons.account_edi_ubl_cii.models.account_edi_common import EAS_MAPPING

# National schemes worth trying from the VAT or company registry number, beyond what
# account_edi_ubl_cii maps (it knows no Estonian registry code, and NO uses a l10n field).
NATIONAL_SCHEMES = {
    "LV": (("0218", "company_registry"), ("9939", "vat")),
    "EE": (("0191", "company_registry"), ("9931", "vat")),
    "NO": (("0192", "company_registry"), ("0192", "vat")),
    "DK": (("0184", "vat"), ("0184", "company_registry")),
    "BE": (("0208", "company_registry"), ("0208", "vat"), ("9925", "vat")),
    "DE": (("9930", "vat"),),
}
_NOT_ALNUM = re.compile(r"[^0-9a-z]")


def partner_identifiers(country_code, vat, company_registry, peppol_eas, peppol_endpoint):
    """Ordered, without duplicates: the Peppol address set on the contact first."""
    found = []
    if peppol_eas and peppol_endpoint:
        found.append(f"{peppol_eas}:{peppol_endpoint.strip().lower()}")
    values = {"vat": vat, "company_registry": company_registry}
    for scheme, field in _schemes(country_code):
        value = _normalise(scheme, values.get(field), country_code)
        if value:
            found.append(f"{scheme}:{value}")
    return list(dict.fromkeys(found))


def _schemes(country_code):
    if country_code in NATIONAL_SCHEMES:
        return NATIONAL_SCHEMES[country_code]
    return tuple(
        (scheme, field)
        for scheme, field in EAS_MAPPING.get(country_code, {}).items()
        if field in ("vat", "company_registry")
    )


def _normalise(scheme, value, country_code):
    """VAT schemes (99xx) carry the country prefix; national registry schemes carry only the number."""
    value = _NOT_ALNUM.sub("", (value or "").lower())
    if not value or not country_code:
        return ""
    prefix = country_code.lower()
    if scheme.startswith("99"):
        return value if value.startswith(prefix) else prefix + value
    value = value.removeprefix(prefix)
    if country_code == "NO":
        value = value.removesuffix("mva")
    return value
