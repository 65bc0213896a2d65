# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import logging
import time

from odoo import api, fields, models, tools
from odoo.addons.iap.tools import iap_tools

_logger = logging.getLogger(__name__)
CREDIT_TIMEOUT = 5  # seconds the summary waits for the postal service's balance
CREDIT_MAX_AGE = 60  # seconds a balance read for the summary is reused


class MassInvoiceRun(models.Model):
    """Letters of a run: waiting for postal credit or made drafts instead, and the summary of what the
    credit covers."""

    _inherit = "mass.invoice.run"

    no_credit_wait = fields.Boolean(
        string="Don't wait for credit: make a draft instead",
        help="When a method needs prepaid credit (postal letters) and it is missing, keep the invoice as a "
        "draft instead of waiting until the credit is topped up.",
    )
    summary_no_address_count = fields.Integer(compute="_compute_summary", string="Without Postal Address")
    summary_letter_count = fields.Integer(compute="_compute_summary", string="Letters")
    summary_postal_credit = fields.Char(compute="_compute_summary", string="Postal Credit")

    @api.depends("no_credit_wait")
    def _compute_summary(self):
        # What the credit text says depends on the choice to wait for credit.
        return super()._compute_summary()

    def action_buy_postal_credit(self):
        """Odoo's page to buy credit for the postal service (IAP), for the letters that wait."""
        url = self.env["iap.account"].sudo().get_credits_url("snailmail")
        return {"type": "ir.actions.act_url", "url": url, "target": "new"}

    def _mass_invoice_summary_values(self, customers, addresses):
        values = super()._mass_invoice_summary_values(customers, addresses)
        letter = self.env["snailmail.letter"]
        letters = self._mass_invoice_letter_count(addresses)
        values.update(
            summary_no_address_count=sum(1 for c in customers if not letter._is_valid_address(addresses[c])),
            summary_letter_count=letters,
            summary_postal_credit=self._mass_invoice_credit_text(letters) if letters else False,
        )
        return values

    def _mass_invoice_started_summary(self):
        # Nor is the postal credit asked for it.
        return {
            **super()._mass_invoice_started_summary(),
            "summary_no_address_count": 0,
            "summary_letter_count": 0,
            "summary_postal_credit": False,
        }

    def _mass_invoice_letter_count(self, addresses):
        """How many recipients the chain will send a letter (the first method that can apply is Post);
        `addresses`: {customer: invoice address} of the run's customers."""
        self.ensure_one()
        chain = self._mass_invoice_chain()
        Recipient = self.env["mass.invoice.recipient"]
        channels = Recipient._mass_invoice_channels()
        letters = 0
        for customer, address in addresses.items():
            recipient = Recipient.new({"run_id": self, "partner_id": customer, "invoice_partner_id": address})
            for code in chain[:-1]:
                channel = channels[code].resolve(recipient)
                if not channel.problem(recipient):
                    letters += channel.code == "post"
                    break
        return letters

    def _mass_invoice_credit_text(self, letters):
        """Whether the postal credit covers the letters; never blocks the run (the credit may be topped up)."""
        credit = self._mass_invoice_postal_credit()
        if credit is None:
            return self.env._("%(letters)s letters; the postal credit cannot be read now.", letters=letters)
        if credit >= letters:
            return self.env._("%(letters)s letters; credit for %(credit)s.", letters=letters, credit=credit)
        if self.no_credit_wait:
            return self.env._(
                "%(letters)s letters; credit for %(credit)s: %(short)s will be drafts.",
                letters=letters,
                credit=credit,
                short=letters - credit,
            )
        return self.env._(
            "%(letters)s letters; credit for %(credit)s: %(short)s will wait for a top-up.",
            letters=letters,
            credit=credit,
            short=letters - credit,
        )

    def _mass_invoice_postal_credit(self, fresh=False):
        """The company's snailmail credit (Odoo's IAP balance), or None when it cannot be read.

        Every read of a draft run's form computes the summary: the balance read for it is reused for up to
        CREDIT_MAX_AGE seconds (in each server process). `fresh`: asked of the service now.
        """
        account = self.env["iap.account"].sudo().with_company(self.company_id).get("snailmail", force_create=False)
        if not account:
            return None
        if fresh:
            return self._mass_invoice_read_postal_credit(account.account_token)
        return self._mass_invoice_cached_postal_credit(account.account_token, int(time.time() // CREDIT_MAX_AGE))

    @api.model
    @tools.ormcache("account_token", "period")
    def _mass_invoice_cached_postal_credit(self, account_token, period):
        # `period` changes every CREDIT_MAX_AGE seconds: a new key, so the service is asked again.
        return self._mass_invoice_read_postal_credit(account_token)

    @api.model
    def _mass_invoice_read_postal_credit(self, account_token):
        """The balance as iap.account.get_credits asks it, with a short timeout: the summary must not hang on
        the service."""
        url = iap_tools.iap_get_endpoint(self.env).rstrip("/") + "/iap/1/balance"
        params = {
            "dbuuid": self.env["ir.config_parameter"].sudo().get_param("database.uuid"),
            "account_token": account_token,
            "service_name": "snailmail",
        }
        try:
            credit = iap_tools.iap_jsonrpc(url, params=params, timeout=CREDIT_TIMEOUT)
        except Exception as error:  # any failure of the service only means "unknown"
            _logger.info("Mass invoicing: the postal credit cannot be read (%s)", error)
            return None
        return int(credit) if isinstance(credit, (int, float)) else None
