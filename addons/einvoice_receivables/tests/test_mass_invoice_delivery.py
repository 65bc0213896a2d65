"""The delivery chain against real servers: Peppol through Odoo's account_peppol in demo mode, email
by SMTP to a server on 127.0.0.1, letters through Odoo's snailmail to a snailmail server on 127.0.0.1.

Peppol: Odoo 18's proxy client takes its access point URL from a fixed table
(``account_edi_proxy_client.user._get_proxy_urls``: peppol.api.odoo.com / peppol.test.odoo.com), with
no setting to point it elsewhere, so a local server cannot stand in for the proxy without patching
Odoo's code. Odoo's own demo mode (an EDI user in mode ``demo``) fakes the access point inside Odoo:
the UBL is built and validated for real, only the last HTTP call is answered by Odoo itself.

All data is committed (a company of its own) and the work runs in worker threads: see mass_invoice_workers.
"""

import base64

from odoo import Command
from odoo.addons.account_mass_invoicing.tests.common import MassInvoiceLiveCase
from odoo.addons.account_mass_invoicing.tests.mass_invoice_workers import in_worker_thread
from odoo.addons.account_mass_invoicing_peppol.tests.common import PeppolServices
from odoo.addons.account_mass_invoicing_snailmail.tests.common import SnailmailServices, process_all
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestMassInvoiceDelivery(PeppolServices, SnailmailServices, MassInvoiceLiveCase):
    def _start_default_run(self, env):
        be = env.ref("base.be")
        address = {"street": "Medlemsvei 2", "zip": "1050", "city": "Ixelles", "country_id": be.id}
        peppol = {"peppol_eas": "0208", "invoice_edi_format": "ubl_bis3", "_method": "peppol"}
        partners = self._customers(
            env,
            {
                "name": "Peppol Member",
                "vat": "BE0202239951",
                "peppol_endpoint": "0202239951",
                "email": "peppol@member.example",
                **address,
                **peppol,
            },
            # Verified on Peppol, but its e-invoice cannot be built (no country, no VAT): email instead.
            {
                "name": "Broken Peppol Member",
                "peppol_endpoint": "0999999999",
                "email": "broken@member.example",
                **peppol,
            },
            {"name": "Mail Member", "email": "mail@member.example", "_method": "email"},
            {"name": "Letter Member", "_method": "snailmail", **address},
            {"name": "Unreachable Member", "_method": "email"},
        )
        company = env["res.company"].browse(self.company_id)
        partners[:2].with_company(company).peppol_verification_state = "valid"
        run = self._run(
            env,
            attachment_ids=[
                Command.create(
                    {
                        "name": "statutes.txt",
                        "datas": base64.b64encode(b"Club statutes"),
                        "for_email": True,
                        "for_einvoice": True,
                    }
                ),
                Command.create(
                    {
                        "name": "agm-invitation.txt",
                        "datas": base64.b64encode(b"Annual meeting"),
                        "for_email": True,
                        "for_einvoice": False,
                    }
                ),
            ],
        )
        self.assertEqual(run._mass_invoice_chain(), ["preferred", "einvoice", "email", "post", "draft"])
        run.action_run()
        return run.id, dict(zip(("peppol", "broken", "mail", "letter", "nobody"), partners.ids, strict=True))

    def test_each_method_falls_back_to_the_next_down_to_draft(self):
        run_id, partners = self._read(self._start_default_run)
        in_worker_thread(self.registry, process_all)

        def outcome(env):
            run = env["mass.invoice.run"].browse(run_id)
            by_partner = {r.partner_id.id: r for r in run.recipient_ids}
            return {
                key: (
                    by_partner[pid].state,
                    by_partner[pid].delivered_method,
                    [(a.method, a.result) for a in by_partner[pid].attempt_ids],
                    by_partner[pid].move_id.state,
                )
                for key, pid in partners.items()
            }

        result = self._read(outcome)
        self.assertEqual(result["peppol"][:2], ("delivered", "einvoice"))
        self.assertEqual(result["peppol"][3], "posted")
        self.assertEqual(result["mail"][:3], ("delivered", "email", [("email", "delivered")]))
        self.assertEqual(
            result["broken"][2],
            [("einvoice", "failed"), ("email", "delivered")],
            "the e-invoice could not be built: tried once (as the preferred method, not again), then emailed",
        )
        self.assertEqual(
            result["letter"][:3],
            ("waiting_credit", False, [("post", "waiting"), ("post", "waiting")]),
            "the letter went to the postal service at once, which had no credit for it",
        )
        self.assertEqual(
            result["nobody"],
            (
                "draft",
                "draft",
                [("email", "failed"), ("einvoice", "failed"), ("post", "failed"), ("draft", "draft")],
                "draft",
            ),
            "nothing could reach this customer: each method tried once, the invoice kept as a draft, never posted",
        )

        def details(env):
            run = env["mass.invoice.run"].browse(run_id)
            recipients = {r.partner_id.id: r for r in run.recipient_ids}
            peppol_move = recipients[partners["peppol"]].move_id
            broken = recipients[partners["broken"]]
            nobody = recipients[partners["nobody"]]
            return {
                "peppol_state": peppol_move.peppol_move_state,
                "ubl": peppol_move.ubl_cii_xml_id.raw,
                "broken_reason": broken.attempt_ids[0].reason,
                "nobody_reasons": nobody.attempt_ids.mapped("reason"),
                "moves": len(run.recipient_ids.move_id),
            }

        found = self._read(details)
        self.assertEqual(found["moves"], 5, "one invoice per customer")
        self.assertEqual(found["peppol_state"], "processing", "handed to the (demo) access point")
        self.assertIn(b'filename="statutes.txt"', found["ubl"], "the file ticked for e-invoice is embedded")
        self.assertIn(base64.b64encode(b"Club statutes"), found["ubl"])
        self.assertNotIn(b"agm-invitation.txt", found["ubl"], "the file not ticked for e-invoice is not")
        self.assertTrue(found["broken_reason"])
        self.assertIn("no email address", found["nobody_reasons"][0])
        self.assertIn("no Peppol address", found["nobody_reasons"][1])
        self.assertIn("no complete postal address", found["nobody_reasons"][2])

        # Real SMTP: one email each to the two emailed customers, with both email files attached.
        for address in ("mail@member.example", "broken@member.example"):
            [message] = self.smtp.to(address)
            names = {part.get_filename() for part in message.iter_attachments()}
            self.assertLessEqual({"statutes.txt", "agm-invitation.txt"}, names)
        self.assertFalse(self.smtp.to("peppol@member.example"), "delivered by e-invoice, not emailed")
