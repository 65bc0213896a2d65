from odoo.tests import HttpCase, tagged

from .registry_servers import DirectoryServer, business_cards_xml


@tagged("post_install", "-at_install")
class TestEinvoiceRecipientTour(HttpCase):
    def test_customers_list_column_and_manual_update(self):
        self.env.company.einvoice_recipient_check = True
        partner = self.env["res.partner"].create(
            {
                "name": "Tour Customer",
                "is_company": True,
                "customer_rank": 1,
                "peppol_eas": "0088",
                "peppol_endpoint": "4035811991021",
            }
        )
        with DirectoryServer(business_cards_xml(["0088:4035811991021"])) as directory:
            self.env["einvoice.registry"].create(
                {"name": "Peppol Directory", "provider": "peppol_directory", "url": directory.url + "/export"}
            )
            self.start_tour(
                "/odoo/action-account.res_partner_action_customer?view_type=list",
                "einvoice_recipient_status_tour",
                login="admin",
            )
            self.assertEqual(directory.downloads(), 0, "the web request only started the update")
            self.env.ref("partner_einvoice_recipient.ir_cron_einvoice_update_recipients").method_direct_trigger()
        self.assertEqual(partner.einvoice_recipient_state, "recipient")
        self.assertEqual(directory.downloads(), 1)
