# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import contextlib
import time
from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

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

    # Per company, as the registries are: two companies sharing a contact each keep their own answer.
    einvoice_recipient_state = fields.Selection(
        selection=[("recipient", "E-invoice recipient"), ("not_recipient", "Not a recipient"), ("unknown", "Unknown")],
        string="E-invoice",
        company_dependent=True,
        readonly=True,
        help="Whether the customer receives e-invoices, according to this company's e-invoice registries. "
        "Updated by the scheduled update (every 15 minutes; 'not a recipient' is asked again after the "
        "re-check age set in the settings) and when the VAT, company registry, country or Peppol address changes.",
    )
    einvoice_network = fields.Char(
        string="E-invoice networks",
        company_dependent=True,
        readonly=True,
        help="Networks on which the customer was found.",
    )
    einvoice_identifier = fields.Char(
        string="E-invoice identifier",
        company_dependent=True,
        readonly=True,
        help="Participant identifier (scheme:value) under which the customer was found.",
    )
    einvoice_checked_at = fields.Datetime(string="E-invoice status checked on", company_dependent=True, readonly=True)
    einvoice_needs_check = fields.Boolean(
        string="E-invoice status to check",
        company_dependent=True,
        readonly=True,
        help="The last check failed or the customer left a registry list: the next update asks again.",
    )

    # -------------------------------------------------------------------------
    # Low-level methods
    # -------------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        with self._einvoice_answers():
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
        with self._einvoice_answers():
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
    # Business methods (Odoo's Peppol check)
    # -------------------------------------------------------------------------

    def button_account_peppol_check_partner_endpoint(self, company=None):
        # Odoo's check asks `_get_peppol_verification_state` without the company: pass it on.
        company = company or self.env.company
        return super(
            ResPartner, self.with_context(einvoice_peppol_company=company.id)
        ).button_account_peppol_check_partner_endpoint(company=company)

    @api.model
    def _get_peppol_verification_state(self, peppol_endpoint, peppol_eas, invoice_edi_format):
        """Odoo's Peppol check, answered by the company's Peppol registries when it has some.

        Odoo's own check asks the retired European Commission SML. With registries configured, the
        same look-up the e-invoice status makes answers both, once per change (the answers of the
        running save or sync are shared).
        """
        company = self.env["res.company"].browse(self.env.context.get("einvoice_peppol_company")) or self.env.company
        providers = {}
        if (
            peppol_eas
            and peppol_endpoint
            and invoice_edi_format in self._get_peppol_formats()
            and company.einvoice_recipient_check
            and company._get_peppol_edi_mode() != "demo"
        ):
            identifier = f"{peppol_eas}:{peppol_endpoint.strip()}".lower()
            if identifier in self.env.context.get("einvoice_found_identifiers", ()):
                # Found by the running sync (in a directory export too, which answers no
                # look-up): not asked again, and never asked of the retired SML.
                return "valid"
            registries = self.env["einvoice.registry"].sudo().search([("company_id", "=", company.id)])
            providers = {
                registry: provider
                for registry, provider in registries._lookup_providers(
                    deadline=time.monotonic() + EDIT_CHECK_SECONDS
                ).items()
                if provider.peppol
            }
        if not providers:
            return super()._get_peppol_verification_state(peppol_endpoint, peppol_eas, invoice_edi_format)
        values = self.env["einvoice.registry"]._lookup_partner_values([identifier], providers) or {}
        state = values.get("einvoice_recipient_state")
        return {"recipient": "valid", "not_recipient": "not_valid"}.get(state, "not_verified")

    # -------------------------------------------------------------------------
    # Private helpers
    # -------------------------------------------------------------------------

    @contextlib.contextmanager
    def _einvoice_answers(self):
        """Registry answers shared by the look-ups of one save (ours and Odoo's Peppol check)."""
        cache = self.env.cr.cache
        if "einvoice_answers" in cache:
            yield
            return
        cache["einvoice_answers"] = {}
        try:
            yield
        finally:
            cache.pop("einvoice_answers", None)

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
        # The other companies' registries answer at their next update.
        others = (
            self.env["res.company"].sudo().search([("einvoice_recipient_check", "=", True), ("id", "!=", company.id)])
        )
        for other in others:
            shared = partners.filtered(lambda p, other=other: p.company_id in (other, self.env["res.company"]))
            shared.with_company(other).sudo().with_context(einvoice_sync=True).write({"einvoice_needs_check": True})

    @api.model
    def _einvoice_write_status(self, changes, summary=None, commit=False):
        """Write {partner id: values} where they differ from the stored values, and log status changes.

        A directory sync changes tens of thousands of contacts at once, nearly all to the same
        values but for the identifier each was found under. So the contacts are grouped by
        identical values, one write() per group (every module's write() still sees Odoo's own
        fields change), the identifiers are stored in one flush, and the chatter messages are
        logged per batch.
        """
        partners = self.browse(changes).sudo().with_context(einvoice_sync=True, tracking_disable=True)
        labels = dict(self._fields["einvoice_recipient_state"]._description_selection(self.env))
        partner_ids = list(changes)
        for start in range(0, len(partner_ids), WRITE_BATCH):
            bodies, groups, identifiers, found = {}, defaultdict(list), {}, set()
            for partner in partners.browse(partner_ids[start : start + WRITE_BATCH]):
                target = dict(changes[partner.id])
                peppol_identifier = target.pop("peppol_identifier", None)
                values = {name: value for name, value in target.items() if partner[name] != value}
                peppol_values = partner._einvoice_peppol_values(target, peppol_identifier)
                if not values and not peppol_values:
                    continue
                new_state = values.get("einvoice_recipient_state")
                if new_state or peppol_values:
                    bodies[partner.id] = self._einvoice_status_message(
                        labels, partner, new_state, target, peppol_values
                    )
                if new_state and summary is not None:
                    summary[new_state] += 1
                elif summary is not None and values.get("einvoice_needs_check"):
                    summary["to_confirm"] += 1
                if "einvoice_identifier" in values:
                    identifiers[partner.id] = values.pop("einvoice_identifier")
                if peppol_identifier:
                    found.add(peppol_identifier)
                if values or peppol_values:
                    groups[tuple(sorted({**values, **peppol_values}.items()))].append(partner.id)
            # Odoo's Peppol check, run by write() when an address is filled, takes the registry's
            # answer instead of asking again.
            writer = partners.with_context(einvoice_found_identifiers=frozenset(found))
            for items, ids in groups.items():
                writer.browse(ids).write(dict(items))
            if identifiers:
                partners._einvoice_store_per_partner("einvoice_identifier", identifiers)
            if bodies:
                partners._einvoice_log_batch(bodies)
            # Written per batch, committed or not: a database error stops the batch that caused it.
            partners.flush_model()
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit  # the cron commits per batch

    @api.model
    def _einvoice_store_per_partner(self, name, values):
        """Store one field with a value of its own per contact: {partner id: value}.

        What write() does for one stored field without inverse, for many values at once: the
        values go to the cache as to be flushed, the ORM is told what changed (dependent
        fields, constraints), and its flush writes them in UPDATE ... FROM (VALUES ...)
        statements, with the company-dependent semantics of any write. A write() per contact
        would run every module's write() override 30,000 times for a field only shown.
        """
        field = self._fields[name]
        assert field.store and not (field.compute or field.inverse or field.relational), field
        records = self.browse(values)
        records.env.remove_to_compute(field, records)
        self.env.cache.update(
            records, field, [field.convert_to_cache(value, records) for value in values.values()], dirty=True
        )
        records.modified([name])
        records._validate_fields([name])

    def _einvoice_log_batch(self, bodies):
        """`_message_log_batch` for {partner id: body}, without one ORM create per message.

        Creating a mail.message through the ORM costs about a millisecond (defaults, sanitizing
        the body twice, inverse caches), most of a directory sync's time. All messages of a log
        batch share every value but the contact and the body (Odoo's `_message_log_batch` even
        gives them one Message-Id), so the first is logged by Odoo and the others are copies
        of it made in one INSERT. The bodies are escaped where they are built and already in the
        form Odoo's sanitizer keeps (a paragraph, `<br>` between lines).
        """
        first, *others = bodies
        template = self.browse(first)._message_log_batch({first: bodies[first]})
        if not others:
            return
        Message = self.env["mail.message"]
        Message.flush_model()
        columns = [
            name
            for name, field in Message._fields.items()
            if field.store and field.column_type and name not in ("id", "res_id", "body")
        ]
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO mail_message (res_id, body, %(columns)s)
                     SELECT v.res_id, v.body, %(copied)s
                       FROM mail_message m, unnest(%(ids)s::int[], %(bodies)s::text[]) AS v(res_id, body)
                      WHERE m.id = %(template)s
                """,
                columns=SQL(", ").join(SQL.identifier(name) for name in columns),
                copied=SQL(", ").join(SQL.identifier("m", name) for name in columns),
                ids=others,
                bodies=[str(bodies[partner_id]) for partner_id in others],
                template=template.id,
            )
        )
        # As mail.message's `_invalidate_documents` does for the messages it creates.
        self.browse(others).invalidate_recordset(["message_ids", "message_needaction", "message_needaction_counter"])

    def _einvoice_peppol_values(self, target, peppol_identifier):
        """Odoo's own Peppol fields after a registry's answer, where they should change.

        A customer found on Peppol gets its Peppol address where it has none (with the scheme it
        was found under) and Odoo's verification state for this company; the company's setting
        decides whether recipients are switched to sending by Peppol.
        """
        self.ensure_one()
        values = {}
        state = target.get("einvoice_recipient_state")
        if state == "recipient" and peppol_identifier:
            eas, _sep, endpoint = peppol_identifier.partition(":")
            # Odoo fills the scheme from the country alone: an address without endpoint is empty.
            if not self.peppol_endpoint and eas in dict(self._fields["peppol_eas"].selection):
                values.update(peppol_eas=eas, peppol_endpoint=endpoint)
            address = values or {"peppol_eas": self.peppol_eas, "peppol_endpoint": self.peppol_endpoint}
            if f"{address['peppol_eas']}:{(address['peppol_endpoint'] or '').lower()}" == peppol_identifier:
                values["peppol_verification_state"] = "valid"
                company = self.env.company
                if company.einvoice_set_sending_method and self.invoice_sending_method != "peppol":
                    values["invoice_sending_method"] = "peppol"
        elif state == "not_recipient" and self.peppol_eas and self.peppol_endpoint:
            values["peppol_verification_state"] = "not_valid"
        return {name: value for name, value in values.items() if self[name] != value}

    @api.model
    def _einvoice_status_message(self, labels, partner, new_state, values, peppol_values=None):
        lines = []
        if new_state:
            lines.append(
                Markup("{label}: {old} → {new}{found}").format(
                    label=self.env._("E-invoice status"),
                    old=labels.get(partner.einvoice_recipient_state),
                    new=labels.get(new_state),
                    found=self.env._(
                        " (%(network)s, %(identifier)s)",
                        network=values.get("einvoice_network"),
                        identifier=values["einvoice_identifier"],
                    )
                    if new_state == "recipient"
                    else "",
                )
            )
        peppol_values = peppol_values or {}
        if "peppol_endpoint" in peppol_values:
            lines.append(
                self.env._(
                    "Peppol address set: %(eas)s:%(endpoint)s",
                    eas=peppol_values.get("peppol_eas", partner.peppol_eas),
                    endpoint=peppol_values["peppol_endpoint"],
                )
            )
        for name in ("peppol_verification_state", "invoice_sending_method"):
            if name in peppol_values:
                field = self._fields[name]
                label = dict(field._description_selection(self.env)).get(peppol_values[name])
                lines.append(self.env._("%(field)s: %(value)s", field=field._description_string(self.env), value=label))
        return Markup("<p>{lines}</p>").format(lines=Markup("<br>").join(lines))
