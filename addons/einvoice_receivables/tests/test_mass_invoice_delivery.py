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
from odoo.tests import TransactionCase, tagged

from .mass_invoice_servers import SmtpServer, SnailmailServer
from .mass_invoice_workers import Worker, in_worker_thread, send_queued_mails


def process_all(env, rounds=50, run_ids=None):
    """The run's cron until nothing is left to do; the letters it prints get a real PDF (see print_letters)."""
    env = with_pdf(env)
    for _ in range(rounds):
        processed, remaining = env["mass.invoice.run"]._mass_invoice_process_batch(run_ids=run_ids)
        if not processed and not remaining:
            break
    send_queued_mails(env)


def with_pdf(env):
    """The environment in which Odoo makes a real PDF (wkhtmltopdf), which in tests it only does when asked."""
    return env(context={"force_report_rendering": True})


def print_letters(env):
    """Odoo's own snailmail cron; a letter is a real PDF."""
    with_pdf(env)["snailmail.letter"]._snailmail_cron()


class MassInvoiceLiveCase(TransactionCase):
    """A club company with Peppol (demo), a local SMTP server and a local snailmail service."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.smtp = SmtpServer().__enter__()
        cls.addClassCleanup(cls.smtp.__exit__)
        cls.snailmail = SnailmailServer().__enter__()
        cls.addClassCleanup(cls.snailmail.__exit__)
        with Worker(cls.registry) as env:
            cls._set_up_company(env)
        cls.addClassCleanup(cls._restore_parameters)

    @classmethod
    def _set_up_company(cls, env):
        belgium = env.ref("base.be")
        params = env["ir.config_parameter"]
        cls.saved_parameters = {key: params.get_param(key) for key in ("snailmail.endpoint", "report.url")}
        params.set_param("snailmail.endpoint", cls.snailmail.url)
        params.set_param("report.url", cls.snailmail.url)
        server = env["ir.mail_server"].create(
            {"name": "test smtp", "smtp_host": "127.0.0.1", "smtp_port": cls.smtp.port, "smtp_encryption": "none"}
        )
        cls.mail_server_id = server.id
        company = env["res.company"].create(
            {
                "name": f"Mass Invoicing Club {cls.__name__}",
                "country_id": belgium.id,
                "street": "Rue du Club 1",
                "zip": "1000",
                "city": "Bruxelles",
                "vat": "BE0477472701",
                "email": "kasserer@club.example",
            }
        )
        # Each test class has a company of its own, with its own Peppol address (demo identifiers are unique).
        endpoint = f"{1000000000 + company.id}"
        company.partner_id.write({"peppol_eas": "0208", "peppol_endpoint": endpoint})
        env["account.chart.template"].try_loading("generic_coa", company, install_demo=False)
        env["account_edi_proxy_client.user"].create(
            {
                "id_client": f"demo-{company.id}",
                "proxy_type": "peppol",
                "edi_mode": "demo",
                "company_id": company.id,
                "edi_identification": f"0208:{endpoint}",
                "private_key_id": env["certificate.key"]._generate_rsa_private_key(company).id,
                "refresh_token": "demo",
            }
        )
        company.account_peppol_proxy_state = "sender"
        # The company's snailmail (IAP) account, with its token: credit is counted by the service.
        service = env["iap.service"].search([("technical_name", "=", "snailmail")], limit=1)
        env["iap.account"].create(
            {
                "service_id": service.id,
                "account_token": f"token-{company.id}",
                "company_ids": [Command.set(company.ids)],
            }
        )
        cls.company_id = company.id
        cls.tax_id = company.account_sale_tax_id.id
        cls.tag_id = env["res.partner.category"].create({"name": f"Members {cls.__name__}"}).id

    @classmethod
    def _restore_parameters(cls):
        with Worker(cls.registry) as env:
            for key, value in cls.saved_parameters.items():
                env["ir.config_parameter"].set_param(key, value or False)
            env["ir.mail_server"].browse(cls.mail_server_id).unlink()

    def _customers(self, env, *vals_list, tag=None):
        company = env["res.company"].browse(self.company_id)
        methods = vals_list
        base = {"category_id": [Command.set([tag or self.tag_id])], "lang": "en_US"}
        # In the company's environment: Odoo verifies Peppol addresses on creation, in demo mode (no network).
        vals_list = [{key: value for key, value in vals.items() if not key.startswith("_")} for vals in vals_list]
        partners = env["res.partner"].with_company(company).create([{**base, **vals} for vals in vals_list])
        for partner, vals in zip(partners, methods, strict=True):
            if method := vals.get("_method"):
                partner.with_company(company).invoice_sending_method = method
        return partners

    def _run(self, env, tag=None, **values):
        company = env["res.company"].browse(self.company_id)
        return (
            env["mass.invoice.run"]
            .with_company(company)
            .create(
                {
                    "name": f"Membership fee {self._testMethodName}",
                    "company_id": company.id,
                    "include_category_ids": [Command.set([tag or self.tag_id])],
                    "line_ids": [
                        Command.create(
                            {
                                "name": "Membership fee",
                                "quantity": 1,
                                "price_unit": 500.0,
                                "tax_ids": [Command.set([self.tax_id])],
                            }
                        )
                    ],
                    **values,
                }
            )
        )

    def _read(self, function):
        with Worker(self.registry) as env:
            return function(env)


@tagged("post_install", "-at_install")
class TestMassInvoiceDelivery(MassInvoiceLiveCase):
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
            [message] = self.smtp.messages_to(address)
            names = {part.get_filename() for part in message.iter_attachments()}
            self.assertLessEqual({"statutes.txt", "agm-invitation.txt"}, names)
        self.assertFalse(self.smtp.messages_to("peppol@member.example"), "delivered by e-invoice, not emailed")
