"""The test cases the e-invoice recipient tests share: registries and partners to look up."""

from odoo.tests import TransactionCase

from ..providers.peppol_smp import naptr_hostname
from .dns_stub import naptr_record, soa_record

LOGGER = "odoo.addons.partner_einvoice_recipient.models.einvoice_registry"


class EinvoiceRegistryCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.einvoice_recipient_check = True
        cls.Registry = cls.env["einvoice.registry"]
        cls.Partner = cls.env["res.partner"]

    def smp_registry(self, smp_url="", **values):
        return self.Registry.create(
            {
                "name": "Peppol test",
                "provider": "peppol_smp",
                "sml_zone": "test",
                "smp_url": smp_url,
                "timeout": 1,
                **values,
            }
        )

    def peppol_partner(self, endpoint, **values):
        return self.Partner.create(
            {
                "name": f"Customer {endpoint}",
                "is_company": True,
                "peppol_eas": "0088",
                "peppol_endpoint": endpoint,
                **values,
            }
        )

    def messages(self, partner):
        return partner.message_ids.filtered(lambda m: "E-invoice status" in (m.body or ""))


class DirectoryCase(EinvoiceRegistryCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Created before the registries exist: no look-up on creation.
        cls.found = cls.Partner.create(
            {"name": "In the directory", "is_company": True, "peppol_eas": "0088", "peppol_endpoint": "5790000435951"}
        )
        cls.found_by_vat = cls.Partner.create(
            {"name": "Danish by VAT", "is_company": True, "country_id": cls.env.ref("base.dk").id, "vat": "DK12345674"}
        )
        cls.absent = cls.Partner.create(
            {"name": "Not listed", "is_company": True, "peppol_eas": "0088", "peppol_endpoint": "5790000000001"}
        )
        cls.listed = ["0088:5790000435951", "0184:12345674", "9915:someone-else"]

    def directory_registry(self, server, **values):
        return self.Registry.create(
            {"name": "Peppol Directory", "provider": "peppol_directory", "url": server.url + "/export", **values}
        )

    def assert_found(self):
        self.assertRecordValues(
            self.found | self.found_by_vat | self.absent,
            [
                {"einvoice_recipient_state": "recipient", "einvoice_identifier": "0088:5790000435951"},
                {"einvoice_recipient_state": "recipient", "einvoice_identifier": "0184:12345674"},
                {"einvoice_recipient_state": "unknown", "einvoice_identifier": False},
            ],
        )


def zone_records(zone, participants):
    """SOA of the zone and a U-NAPTR record per {identifier: SMP URL}."""
    records = {(zone, "SOA"): [soa_record(zone)]}
    for identifier, smp_url in participants.items():
        records[(naptr_hostname(identifier, zone), "NAPTR")] = [naptr_record(smp_url)]
    return records
