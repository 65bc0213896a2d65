import time

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..providers.identifiers import partner_identifiers
from .einvoice_registry import EDIT_CHECK_MAX_PARTNERS, EDIT_CHECK_SECONDS, WRITE_BATCH

# Changing one of these re-checks the contact's e-invoice status at once.
EINVOICE_CHECK_TRIGGERS = {"vat", "company_registry", "country_id", "peppol_eas", "peppol_endpoint"}
# Written by the registries' sync only (in sudo), or by an administrator, logged in the chatter.
EINVOICE_STATUS_FIELDS = {
    "einvoice_recipient_state",
    "einvoice_network",
    "einvoice_identifier",
    "einvoice_checked_at",
    "einvoice_needs_check",
}


class ResPartner(models.Model):
    _inherit = "res.partner"

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

    # -------------------------------------------------------------------------
    # Low-level methods
    # -------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        forged = [vals for vals in vals_list if self._einvoice_forged_values(vals)]
        if forged and not self.env.su:
            self._einvoice_check_status_rights()
        partners = super().create(vals_list)
        if forged and not self.env.su:
            for partner, vals in zip(partners, vals_list, strict=True):
                if self._einvoice_forged_values(vals):
                    partner._einvoice_log_manual_status(None, vals)
        if not self.env.context.get("einvoice_sync"):
            partners._einvoice_check_on_edit()
        return partners

    def write(self, vals):
        if EINVOICE_STATUS_FIELDS.intersection(vals) and not self.env.su:
            names = self._einvoice_set(vals)
            changed = self.filtered(lambda partner: any(partner[name] != vals[name] for name in names))
            if changed:
                self._einvoice_check_status_rights()
                for partner in changed:
                    partner._einvoice_log_manual_status(partner.einvoice_recipient_state, vals)
        result = super().write(vals)
        if EINVOICE_CHECK_TRIGGERS.intersection(vals) and not self.env.context.get("einvoice_sync"):
            self._einvoice_check_on_edit()
        return result

    # -------------------------------------------------------------------------
    # Private helpers
    # -------------------------------------------------------------------------

    @api.model
    def _einvoice_set(self, vals):
        return EINVOICE_STATUS_FIELDS.intersection(vals)

    @api.model
    def _einvoice_forged_values(self, vals):
        """Status values in a create other than the defaults: only the sync or an administrator sets them."""
        return {name: vals[name] for name in self._einvoice_set(vals) if vals[name] not in (False, None, "", "unknown")}

    def _einvoice_check_status_rights(self):
        # The fields are read-only in the views, but RPC writes ignore `readonly`: refuse here.
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(
                self.env._(
                    "Only the e-invoice registries' update, or an administrator, may set a contact's e-invoice "
                    "status. Change the VAT, company registry or Peppol address instead: the status is then "
                    "checked again."
                )
            )

    def _einvoice_log_manual_status(self, old_state, vals):
        labels = dict(self._fields["einvoice_recipient_state"]._description_selection(self.env))
        new_state = vals.get("einvoice_recipient_state", old_state)
        self._message_log(
            body=Markup("{label}: {old} → {new} ({who}){network}").format(
                label=self.env._("E-invoice status set by hand"),
                old=labels.get(old_state, "-"),
                new=labels.get(new_state, "-"),
                who=self.env._("by %(user)s", user=self.env.user.name),
                network=f", {vals['einvoice_network']}" if vals.get("einvoice_network") else "",
            )
        )

    def _einvoice_identifiers(self):
        self.ensure_one()
        return partner_identifiers(
            self.country_id.code, self.vat, self.company_registry, self.peppol_eas, self.peppol_endpoint
        )

    def _einvoice_check_on_edit(self):
        """Check the status of edited customers at once, within the save.

        In the transaction rather than after commit so that the caller (form or XML-RPC) reads the
        new status in its answer; one deadline for all registries bounds the wait. A failure never
        blocks the save: the status stays and the contact is marked for the next sync.
        """
        company = self.env.company
        if not company.einvoice_recipient_check:
            return
        partners = self.filtered(lambda p: not p.parent_id and p._einvoice_identifiers())
        if not partners:
            return
        registries = self.env["einvoice.registry"].sudo().search([("company_id", "=", company.id)])
        providers = registries._lookup_providers(deadline=time.monotonic() + EDIT_CHECK_SECONDS)
        if not providers:
            return
        if len(partners) > EDIT_CHECK_MAX_PARTNERS:
            partners._einvoice_write_status({partner.id: {"einvoice_needs_check": True} for partner in partners})
            return
        changes = {}
        for partner in partners:
            values = registries._lookup_partner_values(partner._einvoice_identifiers(), providers)
            if values is not None:
                changes[partner.id] = values
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
