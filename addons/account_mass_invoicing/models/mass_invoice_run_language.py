# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class MassInvoiceRun(models.Model):
    """What the scheduled action writes for a run (outcomes, reasons, the run's and the invoices' chatter) is
    stored text: it is written in the language of the user who started the run, not the cron's."""

    _inherit = "mass.invoice.run"

    started_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    def action_run(self):
        result = super().action_run()
        # Started: only the superuser writes on the run now (as its scheduled action does).
        self.sudo().started_by_id = self.env.user
        return result

    def _mass_invoice_lang(self):
        """The language the run's texts are written in: its starter's, else its creator's or its company's."""
        self.ensure_one()
        return (
            self.started_by_id.lang
            or self.create_uid.lang
            or self.company_id.partner_id.lang
            or self.env.lang
            or "en_US"
        )

    def _mass_invoice_in_language(self):
        """This run in the environment that writes its texts."""
        self.ensure_one()
        return self.with_context(lang=self._mass_invoice_lang())
