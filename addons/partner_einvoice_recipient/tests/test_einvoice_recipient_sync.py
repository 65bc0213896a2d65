import json
import time
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged
from odoo.tools.mail import html_sanitize

from ..models import res_partner_einvoice
from .common import LOGGER, DirectoryCase, EinvoiceRegistryCase
from .registry_servers import (
    ENTITY_BOMB,
    INVOICE_DOCTYPE,
    DirectoryServer,
    EstonianRegisterServer,
    SmpServer,
    business_cards_xml,
)

NS_2025 = "urn:peppol:schema:pd:businesscard-generic:2025:03"


@tagged("post_install", "-at_install")
class TestDirectorySync(DirectoryCase):
    def test_business_cards_2019_namespace(self):
        with DirectoryServer(business_cards_xml(self.listed)) as directory:
            registry = self.directory_registry(directory)
            summary = self.Registry._update_recipients(self.company)
        self.assert_found()
        self.assertEqual(summary["recipient"], 2)
        self.assertEqual(registry.directory_etag, '"v1"')
        self.assertEqual(registry.last_sync_state, "ok")
        self.assertEqual(len(self.messages(self.found)), 1)

    def test_business_cards_2025_namespace(self):
        with DirectoryServer(business_cards_xml(self.listed, NS_2025)) as directory:
            self.directory_registry(directory)
            self.Registry._update_recipients(self.company)
        self.assert_found()

    def test_csv_export(self):
        rows = ['"Participant ID";"Names (per-row)";"Country code"']
        rows += [f'"iso6523-actorid-upis::{identifier}";"Company";"DK"' for identifier in self.listed]
        with DirectoryServer("\n".join(rows).encode(), "text/csv") as directory:
            self.directory_registry(directory)
            self.Registry._update_recipients(self.company)
        self.assert_found()

    def test_participant_list_json(self):
        participants = [{"scheme": "iso6523-actorid-upis", "value": identifier} for identifier in self.listed]
        body = json.dumps({"version": 1, "count": 3, "participants": participants}, indent=1).encode()
        with DirectoryServer(body, "application/json") as directory:
            self.directory_registry(directory)
            self.Registry._update_recipients(self.company)
        self.assert_found()

    def test_download_only_when_changed_and_unchanged_data_writes_nothing(self):
        with DirectoryServer(business_cards_xml(self.listed)) as directory:
            registry = self.directory_registry(directory)
            self.Registry._update_recipients(self.company)
            self.assertEqual(directory.downloads(), 1)

            summary = self.Registry._update_recipients(self.company)
            self.assertEqual(directory.downloads(), 1, "same ETag: HEAD only, no download")
            self.assertEqual(summary["unchanged"], ["Peppol Directory"])

            # A new export with the same recipients: downloaded, nothing written.
            directory.publish(business_cards_xml(self.listed), '"v2"')
            checked_at = (self.found | self.found_by_vat).mapped("einvoice_checked_at")
            time.sleep(1)  # a write would stamp a later check time
            summary = self.Registry._update_recipients(self.company)
            self.assertEqual(directory.downloads(), 2)
            self.assertEqual(registry.directory_etag, '"v2"')
            self.assertEqual(summary["recipient"] + summary["to_confirm"], 0)
            self.assertEqual((self.found | self.found_by_vat).mapped("einvoice_checked_at"), checked_at)
            self.assertEqual(len(self.messages(self.found)), 1)

    def test_left_the_directory_is_confirmed_by_lookup(self):
        with (
            DirectoryServer(business_cards_xml(self.listed)) as directory,
            SmpServer({"0184:12345674": [INVOICE_DOCTYPE]}) as smp,
        ):
            self.directory_registry(directory)
            self.smp_registry(smp.url, network="Peppol")
            self.company.einvoice_lookup_limit = 0  # only the directory pass
            self.Registry._update_recipients(self.company)
            self.assert_found()

            directory.publish(business_cards_xml(["9915:someone-else"]), '"v2"')
            summary = self.Registry._update_recipients(self.company)
            self.assertEqual(summary["to_confirm"], 2)
            self.assertEqual(self.found.einvoice_recipient_state, "recipient", "absence alone proves nothing")
            self.assertTrue(self.found.einvoice_needs_check)

            self.company.einvoice_lookup_limit = 10
            self.Registry._update_recipients(self.company)
        self.assertEqual(self.found.einvoice_recipient_state, "not_recipient")
        self.assertEqual(self.found_by_vat.einvoice_recipient_state, "recipient", "still on the SMP")
        self.assertFalse((self.found | self.found_by_vat).filtered("einvoice_needs_check"))

    def test_cron_runs_the_update(self):
        with DirectoryServer(business_cards_xml(self.listed)) as directory:
            self.directory_registry(directory)
            self.env.ref("partner_einvoice_recipient.ir_cron_einvoice_update_recipients").method_direct_trigger()
        self.assert_found()

    def test_manual_update_starts_the_scheduled_action_and_reports_when_done(self):
        cron = self.env.ref("partner_einvoice_recipient.ir_cron_einvoice_update_recipients")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        with DirectoryServer(business_cards_xml(self.listed)) as directory:
            self.directory_registry(directory)
            wizard = self.env["einvoice.recipient.update"].create({})
            action = wizard.action_update()
            self.assertEqual(action["tag"], "display_notification")
            self.assertEqual(directory.requests, [], "nothing asked inside the web request")
            self.assertTrue(self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers)
            self.assertEqual(self.company.einvoice_update_requested_by, self.env.user)
            self.env["bus.bus"].search([]).unlink()
            cron.method_direct_trigger()
        self.env.cr.precommit.run()  # the notification is sent with the transaction
        self.assert_found()
        self.assertIn("New e-invoice recipients: 2", self.company.einvoice_last_summary)
        self.assertIn("Registries read: Peppol Directory", self.company.einvoice_last_summary)
        self.assertFalse(self.company.einvoice_update_requested_by)
        notification = self.env["bus.bus"].search([("message", "like", "simple_notification")])
        self.assertEqual(len(notification), 1)
        self.assertIn("New e-invoice recipients: 2", notification.message)

    def test_old_not_a_recipient_answers_are_asked_again(self):
        self.company.einvoice_recheck_days = 7
        with SmpServer({"0088:5790000435951": [INVOICE_DOCTYPE]}) as smp:
            self.smp_registry(smp.url)
            now = fields.Datetime.now()
            (self.found | self.absent).sudo().write({"einvoice_recipient_state": "not_recipient"})
            self.found.sudo().einvoice_checked_at = now - timedelta(days=8)
            self.absent.sudo().einvoice_checked_at = now - timedelta(days=2)
            self.found_by_vat.sudo().write({"einvoice_recipient_state": "not_recipient", "einvoice_checked_at": now})
            smp.requests.clear()
            self.Registry._update_recipients(self.company)
        self.assertEqual(self.found.einvoice_recipient_state, "recipient", "joined Peppol since")
        self.assertEqual(smp.requests, ["/iso6523-actorid-upis%3A%3A0088%3A5790000435951"], "recent answers kept")


@tagged("post_install", "-at_install")
class TestDirectorySyncInBatches(DirectoryCase):
    """A directory sync writes many customers per batch: each keeps its own answer and chatter message."""

    def test_each_customer_of_a_batch_gets_its_own_identifier_and_message(self):
        other_company = self.env["res.company"].create({"name": "Second company", "einvoice_recipient_check": True})
        norwegian = self.Partner.create(
            {
                "name": "Norsk Kunde AS",
                "is_company": True,
                "country_id": self.env.ref("base.no").id,
                "company_registry": "987654321",
            }
        )
        customers = self.found | norwegian
        for n in range(5):
            customers |= self.peppol_partner(f"batch{n}")
        identifiers = ["0088:5790000435951", "0192:987654321", *(f"0088:batch{n}" for n in range(5))]
        customers.mapped("message_ids")  # in the cache before the sync: the new messages must show anyway
        author = self.env.user.partner_id
        # Batches of 2 customers: a batch of one (logged by Odoo alone) and batches with copied messages.
        with (
            patch.object(res_partner_einvoice, "WRITE_BATCH", 2),
            DirectoryServer(business_cards_xml([*identifiers, "9915:someone-else"])) as directory,
        ):
            self.directory_registry(directory)
            summary = self.Registry._update_recipients(self.company)
        self.assertEqual(summary["recipient"], 7)
        self.assertEqual(customers.mapped("einvoice_identifier"), identifiers)
        self.assertEqual(norwegian.peppol_endpoint, "987654321", "the Peppol address found is filled")
        for customer, identifier in zip(customers, identifiers, strict=True):
            messages = self.messages(customer)
            self.assertEqual(len(messages), 1, customer.name)
            self.assertIn(identifier, messages.body)
            self.assertEqual([other for other in identifiers if other in messages.body], [identifier])
            self.assertEqual(html_sanitize(messages.body), messages.body, "stored as Odoo's sanitizer keeps it")
            self.assertRecordValues(
                messages,
                [
                    {
                        "message_type": "notification",
                        "subtype_id": self.env.ref("mail.mt_note").id,
                        "author_id": author.id,
                        "model": "res.partner",
                    }
                ],
            )
        self.env.invalidate_all()
        self.assertEqual(customers.mapped("einvoice_identifier"), identifiers, "stored in the database")
        self.assertEqual(customers.mapped("peppol_verification_state"), ["valid"] * 7)
        self.assertEqual(customers.with_company(other_company).mapped("einvoice_identifier"), [False] * 7)
        self.env.cr.execute(
            "SELECT DISTINCT jsonb_object_keys(einvoice_identifier) FROM res_partner WHERE id = ANY(%s)",
            [customers.ids],
        )
        self.assertEqual(self.env.cr.fetchall(), [(str(self.company.id),)], "per company, as Odoo stores it")


@tagged("post_install", "-at_install")
class TestDirectoryFaults(DirectoryCase):
    """Any fault: clear error logged, registry marked in error, nothing written, retried next run."""

    def assert_fault(self, directory, expected_message, **registry_values):
        registry = self.directory_registry(directory, **registry_values)
        with self.assertLogs(LOGGER, "ERROR") as logs:
            summary = self.Registry._update_recipients(self.company)
        self.assertIn(expected_message, logs.output[0])
        self.assertEqual(len(summary["failed"]), 1)
        self.assertEqual(registry.last_sync_state, "error")
        self.assertFalse(registry.directory_etag, "not stored: the next run downloads again")
        self.assertEqual((self.found | self.found_by_vat).mapped("einvoice_recipient_state"), ["unknown", "unknown"])
        return registry

    def test_http_500(self):
        with DirectoryServer(business_cards_xml(self.listed)) as directory:
            directory.mode = "500"
            self.assert_fault(directory, "HTTP 500")
            # Retried by the next run, which succeeds.
            directory.mode = None
            self.Registry._update_recipients(self.company)
        self.assert_found()

    def test_unreachable(self):
        with DirectoryServer() as directory:
            pass
        self.assert_fault(directory, "Peppol Directory")

    def test_timeout(self):
        with DirectoryServer(business_cards_xml(self.listed)) as directory:
            directory.mode = "slow"
            self.assert_fault(directory, "no answer within", timeout=0.5)

    def test_truncated_xml_writes_nothing(self):
        body = business_cards_xml(self.listed)
        with DirectoryServer(body[: len(body) - 40]) as directory:
            self.assert_fault(directory, "malformed XML")

    def test_entity_expansion_bomb(self):
        with DirectoryServer(ENTITY_BOMB) as directory:
            self.assert_fault(directory, "document type declaration")

    def test_oversize_export(self):
        with DirectoryServer(business_cards_xml(self.listed * 20000)) as directory:
            self.assert_fault(directory, "exceeds the limit", max_response_mb=1)

    def test_concurrent_sync_is_skipped(self):
        with DirectoryServer(business_cards_xml(self.listed)) as directory:
            self.directory_registry(directory)
            with self.registry.cursor() as other_cr:
                other_cr.execute("SELECT pg_advisory_lock(%s, %s)", (0x45494E56, self.company.id))
                summary = self.Registry._update_recipients(self.company)
                other_cr.execute("SELECT pg_advisory_unlock(%s, %s)", (0x45494E56, self.company.id))
            self.assertTrue(summary["locked"])
            self.assertEqual(directory.requests, [])
            self.assertEqual(self.found.einvoice_recipient_state, "unknown")
            self.Registry._update_recipients(self.company)
        self.assert_found()


@tagged("post_install", "-at_install")
class TestEstonianRegister(EinvoiceRegistryCase):
    def test_estonian_customers_by_registry_code(self):
        estonia = self.env.ref("base.ee").id
        receiving = self.Partner.create(
            {"name": "Eesti OÜ", "is_company": True, "country_id": estonia, "company_registry": "10137025"}
        )
        with EstonianRegisterServer(recipients={"10137025"}) as register:
            self.Registry.create({"name": "E-arve register", "provider": "ee_register", "url": register.url})
            # Edit check of one contact, then the sync for all.
            other = self.Partner.create(
                {"name": "Teine AS", "is_company": True, "country_id": estonia, "company_registry": "10000000"}
            )
            self.assertEqual(other.einvoice_recipient_state, "not_recipient", "status MR")
            self.assertEqual(receiving.einvoice_recipient_state, "unknown")
            self.Registry._update_recipients(self.company)
        self.assertRecordValues(
            receiving,
            [
                {
                    "einvoice_recipient_state": "recipient",
                    "einvoice_network": "E-arve (Estonia)",
                    "einvoice_identifier": "0191:10137025",
                }
            ],
        )
        self.assertIn(b"<prod:registrikood>10137025</prod:registrikood>", b"".join(register.requests))

    def test_register_fault_keeps_status(self):
        with EstonianRegisterServer() as register:
            register.mode = "500"
            self.Registry.create({"name": "E-arve register", "provider": "ee_register", "url": register.url})
            with self.assertLogs(LOGGER, "WARNING"):
                partner = self.Partner.create(
                    {
                        "name": "Eesti OÜ",
                        "is_company": True,
                        "country_id": self.env.ref("base.ee").id,
                        "company_registry": "10137025",
                    }
                )
        self.assertEqual(partner.einvoice_recipient_state, "unknown")
        self.assertTrue(partner.einvoice_needs_check)
