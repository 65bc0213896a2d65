# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import logging

from odoo import api, fields, models
from odoo.addons.iap.tools import iap_tools

from ..delivery import CHANNELS

_logger = logging.getLogger(__name__)
CREDIT_TIMEOUT = 5  # seconds the summary waits for the postal service's balance


class MassInvoiceRun(models.Model):
    """The summary before the run: what it will cost and who cannot be reached by which method."""

    _inherit = "mass.invoice.run"

    summary_amount_total = fields.Monetary(compute="_compute_summary", string="Total Amount")
    summary_no_email_count = fields.Integer(compute="_compute_summary", string="Without Email")
    summary_no_peppol_count = fields.Integer(compute="_compute_summary", string="Without Peppol Address")
    summary_no_address_count = fields.Integer(compute="_compute_summary", string="Without Postal Address")
    summary_methods = fields.Char(compute="_compute_summary", string="Delivery Chain")
    summary_letter_count = fields.Integer(compute="_compute_summary_letters", string="Letters")
    summary_postal_credit = fields.Char(compute="_compute_summary_letters", string="Postal Credit")
    summary_peppol_warning = fields.Char(compute="_compute_summary_peppol_warning", string="Peppol")

    @api.depends(
        "include_category_ids",
        "exclude_category_ids",
        "partner_domain",
        "line_ids.price_total",
        "delivery_method_ids.method",
        "delivery_method_ids.sequence",
    )
    def _compute_summary(self):
        labels = dict(self.env["mass.invoice.delivery.method"]._fields["method"]._description_selection(self.env))
        for run in self:
            customers = run._mass_invoice_customers()
            addresses = run._mass_invoice_invoice_addresses(customers)
            run.summary_amount_total = run.amount_total * len(customers)
            run.summary_no_email_count = sum(1 for c in customers if not addresses[c].email)
            run.summary_no_peppol_count = sum(1 for c in customers if not (c.peppol_eas and c.peppol_endpoint))
            letter = self.env["snailmail.letter"]
            run.summary_no_address_count = sum(1 for c in customers if not letter._is_valid_address(addresses[c]))
            chain = []
            for line in run.delivery_method_ids.sorted("sequence"):
                chain.append(labels[line.method])
                if line.method == "draft":
                    break
            run.summary_methods = " → ".join(chain)

    @api.depends(
        "include_category_ids",
        "exclude_category_ids",
        "partner_domain",
        "delivery_method_ids.method",
        "delivery_method_ids.sequence",
        "no_credit_wait",
    )
    def _compute_summary_letters(self):
        for run in self:
            letters = run._mass_invoice_letter_count()
            run.summary_letter_count = letters
            run.summary_postal_credit = run._mass_invoice_credit_text(letters) if letters else False

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

    def _mass_invoice_letter_count(self):
        """How many recipients the chain will send a letter (the first method that can apply is Post)."""
        self.ensure_one()
        customers = self._mass_invoice_customers()
        addresses = self._mass_invoice_invoice_addresses(customers)
        chain = self._mass_invoice_chain()
        Recipient = self.env["mass.invoice.recipient"]
        letters = 0
        for customer in customers:
            address = addresses[customer]
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

    def _mass_invoice_postal_credit(self):
        """The company's snailmail credit (Odoo's IAP balance, as iap.account.get_credits asks it, with a short
        timeout: the summary must not hang on the service), or None when it cannot be read."""
        account = self.env["iap.account"].sudo().with_company(self.company_id).get("snailmail", force_create=False)
        if not account:
            return None
        url = iap_tools.iap_get_endpoint(self.env).rstrip("/") + "/iap/1/balance"
        params = {
            "dbuuid": self.env["ir.config_parameter"].sudo().get_param("database.uuid"),
            "account_token": account.account_token,
            "service_name": "snailmail",
        }
        try:
            credit = iap_tools.iap_jsonrpc(url, params=params, timeout=CREDIT_TIMEOUT)
        except Exception as error:  # any failure of the service only means "unknown"
            _logger.info("Mass invoicing: the postal credit cannot be read (%s)", error)
            return None
        return int(credit) if isinstance(credit, (int, float)) else None
