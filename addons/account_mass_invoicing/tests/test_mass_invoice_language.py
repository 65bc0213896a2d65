from odoo import Command
from odoo.tests import tagged

from .common import MassInvoiceCommon


@tagged("post_install", "-at_install")
class TestMassInvoiceTextsInTheStartersLanguage(MassInvoiceCommon):
    """What the scheduled action writes for a run (outcomes, reasons, the run's and the invoices' chatter)
    reads in the language of the user who started the run, although the action runs in English."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("nb_NO")
        cls.env["ir.module.module"]._load_module_terms(["account_mass_invoicing"], ["nb_NO"], overwrite=True)
        cls.treasurer = cls._create_new_internal_user(
            login="kasserer", name="Kari Kasserer", groups="account.group_account_manager", lang="nb_NO"
        )
        cls.fjordhytte = cls.env["res.partner"].create(
            {"name": "Fjordhytte AS", "is_company": True, "category_id": [Command.set(cls.members.ids)]}
        )

    def _labels(self, model, field):
        fields = self.env[model].with_context(lang="nb_NO").fields_get([field])
        return dict(fields[field]["selection"])

    def test_outcomes_reasons_and_chatter_read_in_norwegian(self):
        run = self._run(
            delivery_method_ids=[
                Command.clear(),
                Command.create({"method": "email", "sequence": 1}),
                Command.create({"method": "draft", "sequence": 2}),
            ]
        )
        run.with_user(self.treasurer).action_run()
        self.assertEqual(run.started_by_id, self.treasurer)
        # The scheduled action: the superuser, in English.
        Run = self.env["mass.invoice.run"].sudo().with_context(lang="en_US")
        for _round in range(10):
            processed, remaining = Run._mass_invoice_process_batch(run_ids=run.ids)
            if not processed and not remaining:
                break
        self.assertEqual(run.state, "done")

        delivered_by = self._labels("mass.invoice.recipient", "delivered_method")
        attempted = self._labels("mass.invoice.attempt", "method")
        by_customer = {recipient.partner_id: recipient for recipient in run.recipient_ids}
        anna, fjordhytte = by_customer[self.anna], by_customer[self.fjordhytte]
        self.assertEqual(delivered_by[anna.delivered_method], "E-post")
        self.assertEqual(delivered_by[fjordhytte.delivered_method], "Lagre som utkast")
        self.assertEqual(
            [(attempted[attempt.method], attempt.reason or "") for attempt in fjordhytte.attempt_ids],
            [
                ("E-post", "Fjordhytte AS har ingen e-postadresse."),
                ("Lagre som utkast", ""),
            ],
        )
        self.assertEqual(fjordhytte.last_error, "Fjordhytte AS har ingen e-postadresse.")
        self.assertIn("Kjøring fullført: 4 levert, 1 utkast, 0 mislykket.", self._chatter(run))
        self.assertIn("Opprettet og bokført av massefaktureringskjøringen", self._chatter(anna.move_id))
        self.assertIn("Opprettet som utkast av massefaktureringskjøringen", self._chatter(fjordhytte.move_id))

    def _chatter(self, record):
        return "\n".join(record.message_ids.mapped("body"))
