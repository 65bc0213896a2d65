# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import threading
from datetime import timedelta

import psycopg2
import psycopg2.extensions

from odoo import api, fields, models

from ..providers import RegistryError
from ..providers.errors import _lt
from ..providers.identifiers import partner_identifiers

# The feature logs under one name, whichever of its files writes.
from .einvoice_registry import LOOKUP_BATCH, SYNC_LOCK_KEY, _logger, new_summary, status_values


class EinvoiceRegistry(models.Model):
    """The scheduled sync of every contact: bulk registries first, then single look-ups."""

    _inherit = "einvoice.registry"

    @api.model
    def _cron_update_recipients(self):
        # Commit per batch when run by the scheduler; never inside tests, which run in one transaction.
        from_cron = bool(self.env.context.get("ir_cron_progress_id")) and not getattr(
            threading.current_thread(), "testing", False
        )
        for company in self.env["res.company"].search([("einvoice_recipient_check", "=", True)]):
            company = company.with_context(lang=company._einvoice_users_lang())
            summary = self.with_env(company.env).with_company(company)._update_recipients(company, commit=from_cron)
            company._einvoice_report_update(summary)

    @api.model
    def _update_recipients(self, company, commit=False):
        """Update the e-invoice status of every customer of `company`; return a summary dict.

        Bulk registries first (one download each, matched in memory, written only where the
        status changed), then look-ups for contacts to confirm or never checked.
        """
        self = self.with_company(company)
        summary = new_summary()
        cr = self.env.cr
        if not self._try_sync_lock(company):
            _logger.info("E-invoice recipient update for %s skipped: another update is running", company.name)
            summary["locked"] = True
            return summary
        try:
            registries = self.search([("company_id", "=", company.id)])
            partners, summary["no_identifier"] = self._sync_partner_rows(company)
            self._sync_bulk(registries.filtered(lambda r: r._get_provider().supports_bulk), partners, summary, commit)
            self._sync_lookups(company, registries, summary, commit)
        finally:
            # The lock belongs to the database session, which outlives this transaction on a pooled
            # connection: release it whatever happened. After an SQL error the transaction is
            # aborted and refuses every statement: roll it back first (it is lost anyway).
            if cr._cnx.info.transaction_status == psycopg2.extensions.TRANSACTION_STATUS_INERROR:
                cr.rollback()
            cr.execute("SELECT pg_advisory_unlock(%s, %s)", (SYNC_LOCK_KEY, company.id))
        return summary

    def _try_sync_lock(self, company):
        # A session lock (not a transaction lock) because a cron sync commits after every batch.
        self.env.cr.execute("SELECT pg_try_advisory_lock(%s, %s)", (SYNC_LOCK_KEY, company.id))
        return self.env.cr.fetchone()[0]

    @api.model
    def _sync_partner_rows(self, company):
        """({partner id: (identifiers, state, network, identifier)}, number of customers without identifiers).

        Read with one query: the ORM would build 100,000 records to read 6 columns.
        """
        self.env["res.partner"].flush_model()
        # The status is company-dependent: a jsonb column {company id: value}.
        key = str(company.id)
        self.env.cr.execute(
            """
            SELECT p.id, c.code, p.vat, p.company_registry, p.peppol_eas, p.peppol_endpoint,
                   COALESCE(p.einvoice_recipient_state->>%s, 'unknown'), p.einvoice_network->>%s,
                   p.einvoice_identifier->>%s
              FROM res_partner p
         LEFT JOIN res_country c ON c.id = p.country_id
             WHERE p.active AND p.parent_id IS NULL AND (p.company_id IS NULL OR p.company_id = %s)
            """,
            (key, key, key, company.id),
        )
        rows, no_identifier = {}, 0
        for partner_id, country, vat, registry_code, eas, endpoint, *status in self.env.cr.fetchall():
            identifiers = partner_identifiers(country, vat, registry_code, eas, endpoint)
            if identifiers:
                state, network, identifier = status
                rows[partner_id] = (identifiers, state, network or False, identifier or False)
            else:
                no_identifier += 1
        return rows, no_identifier

    def _sync_bulk(self, registries, partners, summary, commit):
        index = {}
        for partner_id, (identifiers, *_status) in partners.items():
            for identifier in identifiers:
                index.setdefault(identifier, []).append(partner_id)
        found = {}
        validators = {}
        for registry in registries:
            matches, validators[registry] = registry._read_bulk_registry(index, summary)
            if matches is None:
                del validators[registry]
                continue
            peppol = registry._get_provider().peppol
            for partner_id, identifier in matches.items():
                networks, first_identifier, peppol_identifier = found.get(partner_id, ([], identifier, None))
                networks.append(registry.network)
                found[partner_id] = (networks, first_identifier, peppol_identifier or (identifier if peppol else None))
        if not validators:
            return
        now = fields.Datetime.now()
        changes = {}
        succeeded_networks = {registry.network for registry in validators}
        for partner_id, (_identifiers, state, network, identifier) in partners.items():
            if partner_id in found:
                networks, found_identifier, peppol_identifier = found[partner_id]
                new_network = ", ".join(dict.fromkeys(networks))
                if (state, network, identifier) != ("recipient", new_network, found_identifier):
                    changes[partner_id] = {
                        **status_values("recipient", new_network, found_identifier, now),
                        "peppol_identifier": peppol_identifier,
                    }
            elif state == "recipient" and set((network or "").split(", ")) <= succeeded_networks:
                # Gone from the list: only a look-up may say "not a recipient".
                changes[partner_id] = {"einvoice_needs_check": True}
        self.env["res.partner"]._einvoice_write_status(changes, summary, commit)
        for registry, (etag, last_modified) in validators.items():
            registry.sudo().write({"directory_etag": etag, "directory_last_modified": last_modified})
        if commit:
            # The cron commits per batch, so a long sync keeps what it has done.
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _read_bulk_registry(self, index, summary):
        """({partner id: identifier} found in this registry, (etag, last modified)).

        The matches are None when the registry is unchanged or failed: then nothing is written.
        """
        self.ensure_one()
        provider = self._get_provider()
        matches = {}
        cards = 0
        try:
            recipients = provider.iter_recipients(index.keys())
            if recipients is None:
                self._set_sync_result("unchanged", self.env._("Unchanged since the last download."))
                summary["unchanged"].append(self.name)
                return None, None
            for identifier in recipients:
                cards += 1
                for partner_id in index.get(identifier, ()):
                    matches.setdefault(partner_id, identifier)
            if not cards and provider.lists_everyone:
                raise RegistryError(_lt("%(url)s: the export lists no participant"), url=provider.settings.url)
        except (psycopg2.Error, MemoryError):
            raise
        except Exception as exc:  # one registry's fault must leave the others running
            _logger.error(
                "E-invoice registry %s: update failed, statuses left unchanged: %s",
                self.name,
                exc,
                exc_info=not isinstance(exc, RegistryError),
            )
            self._set_sync_result("error", self._einvoice_error_text(exc))
            summary["failed"].append(f"{self.name}: {self.last_sync_message}")
            return None, None
        self._set_sync_result(
            "ok",
            self.env._("%(cards)s recipients read, %(matches)s customers found.", cards=cards, matches=len(matches)),
        )
        summary["read"].append(self.name)
        return matches, (provider.etag, provider.last_modified)

    def _set_sync_result(self, state, message):
        self.sudo().write(
            {"last_sync_at": fields.Datetime.now(), "last_sync_state": state, "last_sync_message": message}
        )

    def _sync_lookups(self, company, registries, summary, commit):
        providers = registries._lookup_providers()
        if not providers or company.einvoice_lookup_limit <= 0:
            return
        for registry, provider in list(providers.items()):
            try:
                provider.check_available()
            except RegistryError as exc:
                registry._registry_unavailable(exc)
                summary["failed"].append(f"{registry.name}: {registry.last_sync_message}")
                del providers[registry]
        asked_registries = set(providers)
        if not providers:
            return
        Partner = self.env["res.partner"].with_context(active_test=True)
        # A "no" is asked again once it is old (customers join networks); the oldest first, so the
        # re-checks spread over the runs within the look-up limit.
        stale = fields.Datetime.now() - timedelta(days=max(company.einvoice_recheck_days, 0))
        partners = Partner.search(
            [
                ("parent_id", "=", False),
                ("company_id", "in", [False, company.id]),
                "|",
                "|",
                ("einvoice_needs_check", "=", True),
                ("einvoice_checked_at", "=", False),
                "&",
                ("einvoice_recipient_state", "=", "not_recipient"),
                ("einvoice_checked_at", "<", stale),
                "|",
                "|",
                ("vat", "!=", False),
                ("company_registry", "!=", False),
                ("peppol_endpoint", "!=", False),
            ],
            order="einvoice_needs_check desc, einvoice_checked_at asc nulls first, id",
            limit=company.einvoice_lookup_limit,
        )
        done = 0
        for start in range(0, len(partners), LOOKUP_BATCH):
            if not providers:
                break
            batch = partners[start : start + LOOKUP_BATCH]
            changes = {}
            for partner in batch:
                values = self._lookup_partner_values(partner._einvoice_identifiers(), providers)
                if values is None:
                    continue
                summary["lookups"] += 1
                summary["lookup_failures"] += values == {"einvoice_needs_check": True}
                changes[partner.id] = values
            Partner._einvoice_write_status(changes, summary, commit)
            done += len(batch)
            self.env["ir.cron"]._notify_progress(done=done, remaining=len(partners) - done)
        for registry in asked_registries:
            if registry in providers:
                registry._set_sync_result("ok", self.env._("%(count)s customers looked up.", count=summary["lookups"]))
            else:
                summary["failed"].append(f"{registry.name}: {registry.last_sync_message}")
