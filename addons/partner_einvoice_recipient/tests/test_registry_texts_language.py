from odoo.tests import tagged

from .common import LOGGER, EinvoiceRegistryCase
from .dns_stub import DnsStub


@tagged("post_install", "-at_install")
class TestRegistryMessagesInTheCompanysLanguage(EinvoiceRegistryCase):
    """The scheduled update writes a registry's failure in the language the company's users work in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("lv_LV")
        cls.env["ir.module.module"]._load_module_terms(["partner_einvoice_recipient"], ["lv_LV"], overwrite=True)
        users = cls.env["res.users"].search([("company_ids", "in", cls.company.id), ("share", "=", False)])
        users.write({"lang": "lv_LV"})

    def test_a_missing_sml_zone_reads_in_latvian_in_a_latvian_company(self):
        with DnsStub({}) as dns_stub:  # nothing under the zone
            registry = self.smp_registry(sml_zone="production", dns_nameserver=dns_stub.nameserver)
            with self.assertLogs(LOGGER, "ERROR"):
                self.Registry.with_context(lang="en_US")._cron_update_recipients()
        self.assertEqual(registry.last_sync_state, "error")
        self.assertEqual(
            registry.last_sync_message,
            "SML zona nav atrasta: participant.sml.prod.tech.peppol.org: pārbaudiet zonas nosaukumu un DNS serveri",
        )
        self.assertIn("SML zona nav atrasta", self.company.einvoice_last_summary)
