# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import logging
import time

from odoo import api, fields, models, tools
from odoo.addons.iap.tools import iap_tools

from ..delivery import CHANNELS

_logger = logging.getLogger(__name__)
CREDIT_TIMEOUT = 5  # seconds the summary waits for the postal service's balance
CREDIT_MAX_AGE = 60  # seconds a balance read for the summary is reused
# The summary of a started run, which its outcome replaces: nothing is counted (nor the credit asked) for it.
STARTED_SUMMARY = {
    "summary_amount_total": 0.0,
    "summary_no_email_count": 0,
    "summary_no_peppol_count": 0,
    "summary_no_address_count": 0,
    "summary_letter_count": 0,
    "summary_postal_credit": False,
    "summary_repeat_warning": False,
}


class MassInvoiceRun(models.Model):
    """The summary before the run: what it will cost and who cannot be reached by which method."""

    _inherit = "mass.invoice.run"

    summary_amount_total = fields.Monetary(compute="_compute_summary", string="Total Amount")
    summary_no_email_count = fields.Integer(compute="_compute_summary", string="Without Email")
    summary_no_peppol_count = fields.Integer(compute="_compute_summary", string="Without Peppol Address")
    summary_no_address_count = fields.Integer(compute="_compute_summary", string="Without Postal Address")
    summary_methods = fields.Char(compute="_compute_summary", string="Delivery Chain")
    summary_letter_count = fields.Integer(compute="_compute_summary", string="Letters")
    summary_postal_credit = fields.Char(compute="_compute_summary", string="Postal Credit")
    summary_peppol_warning = fields.Char(compute="_compute_summary_peppol_warning", string="Peppol")
    summary_repeat_warning = fields.Char(compute="_compute_summary", string="Invoiced Before")

    @api.depends(
        "state",
        "include_category_ids",
        "exclude_category_ids",
        "partner_domain",
        "line_ids.price_total",
        "delivery_method_ids.method",
        "delivery_method_ids.sequence",
        "no_credit_wait",
        "invoice_date",
        "line_ids.product_id",
        "line_ids.name",
    )
    def _compute_summary(self):
        """What a draft run will do, from one pass over its customers; a started run shows its outcome instead."""
        labels = dict(self.env["mass.invoice.delivery.method"]._fields["method"]._description_selection(self.env))
        for run in self:
            run.summary_methods = " → ".join(labels[code] for code in run._mass_invoice_chain())
            if run.state != "draft":
                run.update(STARTED_SUMMARY)
                continue
            customers = run._mass_invoice_customers()
            addresses = run._mass_invoice_invoice_addresses(customers)
            run.summary_amount_total = run.amount_total * len(customers)
            run.summary_no_email_count = sum(1 for c in customers if not addresses[c].email)
            run.summary_no_peppol_count = sum(1 for c in customers if not (c.peppol_eas and c.peppol_endpoint))
            letter = self.env["snailmail.letter"]
            run.summary_no_address_count = sum(1 for c in customers if not letter._is_valid_address(addresses[c]))
            letters = run._mass_invoice_letter_count(addresses)
            run.summary_letter_count = letters
            run.summary_postal_credit = run._mass_invoice_credit_text(letters) if letters else False
            run.summary_repeat_warning = run._mass_invoice_repeat_warning(customers)

    @api.depends("company_id", "delivery_method_ids.method", "delivery_method_ids.sequence")
    def _compute_summary_peppol_warning(self):
        can_send = self.env["account_edi_proxy_client.user"]._get_can_send_domain()
        for run in self:
            # The customer's preferred method may be the e-invoice too.
            uses_peppol = {"einvoice", "preferred"} & set(run._mass_invoice_chain())
            registered = run.company_id.account_peppol_proxy_state in can_send
            run.summary_peppol_warning = (
                self.env._("The company is not registered to send e-invoices on Peppol.")
                if uses_peppol and not registered
                else False
            )

    def _mass_invoice_letter_count(self, addresses):
        """How many recipients the chain will send a letter (the first method that can apply is Post);
        `addresses`: {customer: invoice address} of the run's customers."""
        self.ensure_one()
        chain = self._mass_invoice_chain()
        Recipient = self.env["mass.invoice.recipient"]
        letters = 0
        for customer, address in addresses.items():
            recipient = Recipient.new({"run_id": self, "partner_id": customer, "invoice_partner_id": address})
            for code in chain[:-1]:
                channel = CHANNELS[code].resolve(recipient)
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
