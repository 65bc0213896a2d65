"""The upgrade to 18.0.1.1.0 (migrations/18.0.1.1.0), run on an installed database: the e-invoice
status became company-dependent, and registries on the European Commission's retired SML zones
move to OpenPeppol's."""

import importlib.util
from pathlib import Path

from odoo.addons.partner_einvoice_recipient.providers.peppol_smp import SML_ZONES, naptr_hostname
from odoo.addons.partner_einvoice_recipient.tests.common import EinvoiceRegistryCase, zone_records
from odoo.addons.partner_einvoice_recipient.tests.dns_stub import DnsStub
from odoo.addons.partner_einvoice_recipient.tests.registry_servers import INVOICE_DOCTYPE, SmpServer
from odoo.tests import tagged

MIGRATIONS = Path(__file__).parent.parent / "migrations" / "18.0.1.1.0"


def load_migration(name):
    spec = importlib.util.spec_from_file_location(f"einvoice_1_1_{name}", MIGRATIONS / name)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return migration


@tagged("post_install", "-at_install")
class TestUpgradeTo110(EinvoiceRegistryCase):
    def test_upgrade_gives_every_company_the_status_it_had(self):
        other_company = self.env["res.company"].create({"name": "Second company", "einvoice_recipient_check": True})
        partner = self.peppol_partner("legacy")
        self.env.flush_all()
        cr = self.env.cr
        # The columns as they were before the status became company-dependent (rolled back with the test).
        for column, sql_type in (
            ("einvoice_recipient_state", "varchar"),
            ("einvoice_network", "varchar"),
            ("einvoice_identifier", "varchar"),
            ("einvoice_checked_at", "timestamp"),
            ("einvoice_needs_check", "boolean"),
        ):
            cr.execute(f"ALTER TABLE res_partner DROP COLUMN {column}")
            cr.execute(f"ALTER TABLE res_partner ADD COLUMN {column} {sql_type}")
        cr.execute(
            """UPDATE res_partner SET einvoice_recipient_state = 'recipient', einvoice_network = 'Peppol',
                      einvoice_identifier = '0088:legacy', einvoice_checked_at = '2026-11-30 10:00:00',
                      einvoice_needs_check = false
                WHERE id = %s""",
            (partner.id,),
        )
        migration = load_migration("pre-migrate.py")
        migration.migrate(cr, "18.0.1.0.0")
        self.env.invalidate_all()
        for company in (self.company, other_company):
            self.assertRecordValues(
                partner.with_company(company),
                [
                    {
                        "einvoice_recipient_state": "recipient",
                        "einvoice_network": "Peppol",
                        "einvoice_identifier": "0088:legacy",
                        "einvoice_needs_check": False,
                    }
                ],
            )
            self.assertEqual(str(partner.with_company(company).einvoice_checked_at), "2026-11-30 10:00:00")

    def test_registry_saved_with_an_ec_zone_looks_up_the_new_zone_after_the_upgrade(self):
        registry = self.smp_registry(sml_zone="custom", sml_custom_zone="acc.edelivery.tech.ec.europa.eu.")
        self.env.flush_all()
        migration = load_migration("post-migrate.py")
        migration.migrate(self.env.cr, "18.0.1.0.0")
        registry.invalidate_recordset()
        self.assertEqual(registry.sml_zone, "test")
        self.assertFalse(registry.sml_custom_zone)
        self.assertIn("switched to participant.sml.test.tech.peppol.org", registry.last_sync_message)

        zone = SML_ZONES["test"]
        with (
            SmpServer({"0088:123abc": [INVOICE_DOCTYPE]}) as smp,
            DnsStub(zone_records(zone, {"0088:123abc": smp.url})) as dns_stub,
        ):
            registry.dns_nameserver = dns_stub.nameserver
            partner = self.peppol_partner("123abc")
        self.assertEqual(partner.einvoice_recipient_state, "recipient")
        self.assertEqual(dns_stub.queries, [(naptr_hostname("0088:123abc", zone), "NAPTR")])
