import base64

import psycopg2.errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..models.einvoice_registry import SYNC_LOCK_KEY
from .common import DirectoryCase, EinvoiceRegistryCase
from .registry_servers import DirectoryServer, SmpServer, business_cards_xml


@tagged("post_install", "-at_install")
class TestRecipientStatusRights(EinvoiceRegistryCase):
    """Only the sync, or an administrator (logged), sets a contact's e-invoice status."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.integration = new_test_user(
            cls.env,
            "einv_integration",
            groups="base.group_user,base.group_partner_manager,account.group_account_invoice",
        )
        cls.administrator = new_test_user(
            cls.env,
            "einv_administrator",
            name="Ada Admin",
            groups="base.group_user,base.group_partner_manager,base.group_system",
        )
        cls.customer = cls.Partner.create({"name": "Forged customer", "is_company": True})

    def test_integration_user_cannot_write_a_status(self):
        customer = self.customer.with_user(self.integration)
        for values in (
            {"einvoice_recipient_state": "recipient"},
            {"einvoice_network": "Evil network"},
            {"einvoice_needs_check": True},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                customer.write(values)
        with self.assertRaises(AccessError):
            self.Partner.with_user(self.integration).create(
                {"name": "New forged", "einvoice_recipient_state": "recipient", "einvoice_network": "Evil"}
            )
        self.assertEqual(self.customer.einvoice_recipient_state, "unknown")
        # Ordinary edits and the defaults stay allowed.
        customer.write({"phone": "+32 2 555 12 12", "einvoice_recipient_state": "unknown"})
        self.Partner.with_user(self.integration).create({"name": "Plain new", "einvoice_recipient_state": "unknown"})

    def test_administrator_may_set_a_status_and_the_chatter_says_who(self):
        self.customer.with_user(self.administrator).write(
            {"einvoice_recipient_state": "recipient", "einvoice_network": "Peppol"}
        )
        self.assertEqual(self.customer.einvoice_recipient_state, "recipient")
        body = self.customer.message_ids[0].body
        self.assertIn("E-invoice status set by hand", body)
        self.assertIn("by Ada Admin", body)

    def test_each_provider_names_its_own_network(self):
        registries = self.Registry.create(
            [
                {"name": "EE", "provider": "ee_register", "url": "http://127.0.0.1:9/"},
                {"name": "SMP", "provider": "peppol_smp", "sml_zone": "test"},
                {"name": "Directory", "provider": "peppol_directory", "url": "http://127.0.0.1:9/"},
            ]
        )
        self.assertEqual(registries.mapped("network"), ["E-arve (Estonia)", "Peppol", "Peppol"])


@tagged("post_install", "-at_install")
class TestSyncLock(EinvoiceRegistryCase):
    def test_sync_failing_midway_on_an_sql_error_leaves_no_lock(self):
        company_id = self.company.id
        with SmpServer({}) as smp, self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["einvoice.registry"].create(
                {"name": "SMP", "provider": "peppol_smp", "sml_zone": "test", "smp_url": smp.url, "timeout": 2}
            )
            env["res.partner"].with_context(einvoice_sync=True).create(
                [
                    {"name": "Poison" if n == 25 else f"Lock {n}", "peppol_eas": "0088", "peppol_endpoint": f"l{n}"}
                    for n in range(30)
                ]
            )
            env.flush_all()
            # A real SQL error in the second batch of look-ups (the partners are written per batch).
            cr.execute(
                """
                    CREATE FUNCTION einvoice_test_poison() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN
                        IF NEW.name = 'Poison' THEN RAISE EXCEPTION 'poisoned row'; END IF;
                        RETURN NEW;
                    END $$;
                    CREATE TRIGGER einvoice_test_poison BEFORE UPDATE ON res_partner
                        FOR EACH ROW EXECUTE FUNCTION einvoice_test_poison();
                    """
            )
            with (
                self.assertRaisesRegex(psycopg2.errors.RaiseException, "poisoned row"),
                mute_logger("odoo.sql_db"),
            ):
                env["einvoice.registry"]._update_recipients(env["res.company"].browse(company_id))
            self.assertGreater(len(smp.requests), 20, "the failure came after a first batch")
        # Another database session may take the lock: it did not stay with the pooled connection.
        self.cr.execute("SELECT pg_try_advisory_lock(%s, %s)", (SYNC_LOCK_KEY, company_id))
        self.assertTrue(self.cr.fetchone()[0])
        self.cr.execute("SELECT pg_advisory_unlock(%s, %s)", (SYNC_LOCK_KEY, company_id))
        with SmpServer({}) as smp:
            self.smp_registry(smp.url)
            self.peppol_partner("next")
            summary = self.Registry._update_recipients(self.company)
        self.assertFalse(summary["locked"], "the next sync runs")


@tagged("post_install", "-at_install")
class TestRegistryCredentials(DirectoryCase):
    def test_operator_registry_api_gets_the_credentials(self):
        with DirectoryServer(business_cards_xml(self.listed)) as directory:
            directory.authorization = "Basic " + base64.b64encode(b"odoo:s3cret").decode()
            registry = self.directory_registry(directory)
            with mute_logger("odoo.addons.partner_einvoice_recipient.models.einvoice_registry"):
                self.Registry._update_recipients(self.company)
            self.assertIn("HTTP 401", registry.last_sync_message)
            registry.write({"api_username": "odoo", "api_password": "s3cret"})
            self.Registry._update_recipients(self.company)
        self.assertEqual(registry.last_sync_state, "ok")
        self.assert_found()

    def test_api_key_alone_is_sent_as_a_bearer_token(self):
        with DirectoryServer(business_cards_xml(self.listed)) as directory:
            directory.authorization = "Bearer k3y"
            registry = self.directory_registry(directory, api_password="k3y")
            self.Registry._update_recipients(self.company)
        self.assertEqual(registry.last_sync_state, "ok")
        self.assert_found()


@tagged("post_install", "-at_install")
class TestUpdateSummary(EinvoiceRegistryCase):
    def test_summary_counts_only_look_ups_asked_and_customers_without_identifier(self):
        self.Partner.with_context(einvoice_sync=True).create(
            [{"name": f"No identifier {n}", "is_company": True} for n in range(7)]
        )
        with SmpServer({}) as smp:
            registry = self.smp_registry(smp.url)
            self.peppol_partner("asked")
            smp.requests.clear()
            self.Partner.browse(self.Partner.search([("peppol_endpoint", "=", "asked")]).ids).sudo().write(
                {"einvoice_needs_check": True}
            )
            summary = self.Registry._update_recipients(self.company)
            text = self.env["einvoice.recipient.update"]._format_summary(summary)
        self.assertEqual(summary["lookups"], len(smp.requests))
        self.assertGreaterEqual(summary["no_identifier"], 7)
        self.assertIn(f"Customers without VAT, company registry or Peppol address: {summary['no_identifier']}", text)
        self.assertTrue(registry.last_sync_at, "Last Sync is set by look-ups too")
        self.assertEqual(registry.last_sync_state, "ok")
