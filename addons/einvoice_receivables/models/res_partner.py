from markupsafe import Markup

from odoo import api, fields, models

from ..providers.identifiers import partner_identifiers
from .einvoice_registry import EDIT_CHECK_MAX_PARTNERS, EDIT_CHECK_TIMEOUT, WRITE_BATCH

# Changing one of these re-checks the contact's e-invoice status at once.
EINVOICE_CHECK_TRIGGERS = {"vat", "company_registry", "country_id", "peppol_eas", "peppol_endpoint"}


class ResPartner(models.Model):
    _inherit = "res.partner"

    # -- Automatic sending (issue 4) --------------------------------------------
    invoice_auto_send = fields.Boolean(
        string="Send invoices automatically",
        company_dependent=True,
        help="Posted invoices and credit notes of this customer are sent by its invoice sending method "
        "(e-invoice or email) without anyone pressing Send, at the time set in the Invoicing settings "
        "of the company (immediately, every hour or every 24 hours).",
    )

    # -- E-invoice recipient status (issue 3) ----------------------------------
    einvoice_recipient_state = fields.Selection(
        selection=[("recipient", "E-invoice recipient"), ("not_recipient", "Not a recipient"), ("unknown", "Unknown")],
        string="E-invoice",
        default="unknown",
        copy=False,
        index=True,
        readonly=True,
        help="Whether the customer receives e-invoices, according to the e-invoice registries "
        "(Invoicing > Configuration > E-invoice registries). Updated every 15 minutes and when the "
        "VAT, company registry, country or Peppol address changes.",
    )
    einvoice_network = fields.Char(
        string="E-invoice networks", copy=False, readonly=True, help="Networks on which the customer was found."
    )
    einvoice_identifier = fields.Char(
        string="E-invoice identifier",
        copy=False,
        readonly=True,
        help="Participant identifier (scheme:value) under which the customer was found.",
    )
    einvoice_checked_at = fields.Datetime(string="E-invoice status checked on", copy=False, readonly=True)
    einvoice_needs_check = fields.Boolean(
        string="E-invoice status to check",
        copy=False,
        index=True,
        readonly=True,
        help="The last check failed or the customer left a registry list: the next update asks again.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if not self.env.context.get("einvoice_sync"):
            partners._einvoice_check_on_edit()
        return partners

    def write(self, vals):
        result = super().write(vals)
        if EINVOICE_CHECK_TRIGGERS.intersection(vals) and not self.env.context.get("einvoice_sync"):
            self._einvoice_check_on_edit()
        return result

    def _einvoice_identifiers(self):
        self.ensure_one()
        return partner_identifiers(
            self.country_id.code, self.vat, self.company_registry, self.peppol_eas, self.peppol_endpoint
        )

    def _einvoice_check_on_edit(self):
        """Check the status of edited customers at once, within the save.

        In the transaction rather than after commit so that the caller (form or XML-RPC) reads the
        new status in its answer; a short timeout bounds the wait. A failure never blocks the save:
        the status stays and the contact is marked for the next sync.
        """
        company = self.env.company
        if not company.einvoice_recipient_check:
            return
        partners = self.filtered(lambda p: not p.parent_id and p._einvoice_identifiers())
        if not partners:
            return
        registries = self.env["einvoice.registry"].sudo().search([("company_id", "=", company.id)])
        registries = registries.filtered(lambda r: r._get_provider().supports_lookup)
        if not registries:
            return
        if len(partners) > EDIT_CHECK_MAX_PARTNERS:
            partners._einvoice_write_status({partner.id: {"einvoice_needs_check": True} for partner in partners})
            return
        changes = {
            partner.id: registries._lookup_partner_values(partner._einvoice_identifiers(), timeout=EDIT_CHECK_TIMEOUT)
            for partner in partners
        }
        self._einvoice_write_status(changes)

    @api.model
    def _einvoice_write_status(self, changes, summary=None, commit=False):
        """Write {partner id: values} where they differ from the stored values, and log status changes."""
        partners = self.browse(changes).sudo().with_context(einvoice_sync=True, tracking_disable=True)
        labels = dict(self._fields["einvoice_recipient_state"]._description_selection(self.env))
        partner_ids = list(changes)
        for start in range(0, len(partner_ids), WRITE_BATCH):
            bodies = {}
            for partner in partners.browse(partner_ids[start : start + WRITE_BATCH]):
                target = changes[partner.id]
                values = {name: value for name, value in target.items() if partner[name] != value}
                if not values:
                    continue
                new_state = values.get("einvoice_recipient_state")
                if new_state:
                    bodies[partner.id] = self._einvoice_status_message(labels, partner, new_state, target)
                    if summary is not None:
                        summary[new_state] += 1
                elif summary is not None and values.get("einvoice_needs_check"):
                    summary["to_confirm"] += 1
                partner.write(values)
            if bodies:
                partners.browse(bodies)._message_log_batch(bodies)
            if commit:
                self.env.cr.commit()  # the cron commits per batch

    @api.model
    def _einvoice_status_message(self, labels, partner, new_state, values):
        network = values.get("einvoice_network")
        return Markup("{label}: {old} → {new}{found}").format(
            label=self.env._("E-invoice status"),
            old=labels.get(partner.einvoice_recipient_state),
            new=labels.get(new_state),
            found=self.env._(
                " (%(network)s, %(identifier)s)", network=network, identifier=values["einvoice_identifier"]
            )
            if new_state == "recipient"
            else "",
        )
