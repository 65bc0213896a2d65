"""Registries saved with the European Commission's SML zones follow OpenPeppol's zones.

"production" and "test" are keys, resolved by the provider to OpenPeppol's zones: nothing
to change. A custom zone equal to a retired EC zone is switched to the zone that replaced
it, and the registry says so.
"""

from odoo.addons.partner_einvoice_recipient.providers.peppol_smp import RETIRED_ZONES, SML_ZONES


def migrate(cr, version):
    if not version:
        return
    for retired, replacement in RETIRED_ZONES.items():
        cr.execute(
            """
            UPDATE einvoice_registry
               SET sml_zone = %s,
                   sml_custom_zone = NULL,
                   last_sync_message = %s
             WHERE sml_zone = 'custom'
               AND lower(trim(trailing '.' from trim(sml_custom_zone))) = %s
            """,
            (
                replacement,
                f"SML zone {retired} retired on 2026-08-31: switched to {SML_ZONES[replacement]}.",
                retired,
            ),
        )
