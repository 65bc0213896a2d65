import logging

import psycopg2
import psycopg2.extensions

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..providers import (
    EstonianRegisterProvider,
    PeppolDirectoryProvider,
    PeppolSmpProvider,
    RegistryError,
    RegistrySettings,
    RegistryUnavailable,
)
from ..providers.peppol_smp import SML_ZONES

_logger = logging.getLogger(__name__)

# First key of the PostgreSQL advisory lock taken by a sync (second key: the company id).
SYNC_LOCK_KEY = 0x45494E56  # "EINV"
# Saving a contact waits at most this long, all registries together, for the status check.
EDIT_CHECK_SECONDS = 5.0
# Above this many contacts in one save (imports), the check is left to the next sync.
EDIT_CHECK_MAX_PARTNERS = 5
WRITE_BATCH = 1000
LOOKUP_BATCH = 20


class EinvoiceRegistry(models.Model):
    _name = "einvoice.registry"
    _description = "E-invoice recipient registry"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, help="Name of the registry, shown in logs and summaries.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company, index=True)
    provider = fields.Selection(
        selection=[
            ("peppol_smp", "Peppol participant look-up (SML/SMP)"),
            ("peppol_directory", "Peppol Directory export"),
            ("ee_register", "Estonian e-invoice recipient register"),
        ],
        required=True,
        default="peppol_smp",
        help="Protocol used to ask this registry.",
    )
    network = fields.Char(
        required=True,
        help="Network name shown on contacts found through this registry. Roaming: a contact found on any "
        "configured network is a recipient.",
    )
    sml_zone = fields.Selection(
        selection=[("production", "Production"), ("test", "Test (acceptance)"), ("custom", "Custom zone")],
        string="SML zone",
        default="production",
        help="DNS zone of OpenPeppol's Service Metadata Locator: production "
        f"{SML_ZONES['production']}, test {SML_ZONES['test']}, or a private network's own zone.",
    )
    sml_custom_zone = fields.Char(string="Custom SML zone", help="E.g. the SML zone of a private network.")
    sml_cname_fallback = fields.Boolean(
        string="Older CNAME scheme",
        help="Also look participants up with the older 'B-<md5>' CNAME records when the zone has no U-NAPTR "
        "record for them (private networks that still publish them; the Peppol networks do not). The SMP host "
        "named by the record is resolved by the DNS server above.",
    )
    smp_ca_bundle = fields.Text(
        string="Trusted certificates (PEM)",
        help="Certificates of the authorities that sign the HTTPS certificates of a private network's SMPs or "
        "of the registry's server, in PEM format. Empty: the system's authorities. Certificates are always "
        "verified.",
    )
    test_identifier = fields.Char(
        string="Known participant",
        help="Participant identifier (scheme:value, e.g. 0208:0477472701) the Test button looks up.",
    )
    smp_url = fields.Char(
        string="Fixed SMP URL",
        help="Ask this SMP for every participant instead of locating it through the SML (private networks, tests).",
    )
    dns_nameserver = fields.Char(
        string="DNS server",
        help="host or host:port of the DNS server to ask for the SML zone instead of the system resolver.",
    )
    url = fields.Char(
        string="URL",
        help="Peppol Directory export URL (XML, CSV or JSON) or the Estonian Business Register service URL.",
    )
    api_username = fields.Char(string="User name", groups="base.group_system")
    api_password = fields.Char(string="Password / API key", groups="base.group_system")
    timeout = fields.Float(
        string="Timeout (seconds)",
        default=10.0,
        help="Seconds a whole answer (connection, download) may take during the scheduled update. Saving a "
        "contact waits at most 5 seconds for all registries together.",
    )
    max_response_mb = fields.Integer(
        string="Maximum answer size (MB)",
        default=512,
        help="Larger answers are refused as an error. An SMP answer for one participant may never exceed 1 MB.",
    )
    directory_etag = fields.Char(readonly=True, copy=False, help="ETag of the export read by the last sync.")
    directory_last_modified = fields.Char(readonly=True, copy=False)
    last_sync_at = fields.Datetime(readonly=True, copy=False)
    last_sync_state = fields.Selection(
        selection=[("ok", "Updated"), ("unchanged", "Unchanged"), ("error", "Error")], readonly=True, copy=False
    )
    last_sync_message = fields.Text(readonly=True, copy=False)
    last_test_message = fields.Text(string="Last test", readonly=True, copy=False)

    @api.constrains("provider", "url", "sml_zone", "sml_custom_zone", "smp_url")
    def _check_provider_settings(self):
        for registry in self:
            if registry.provider in ("peppol_directory", "ee_register") and not registry.url:
                raise ValidationError(self.env._("Registry %(name)s needs a URL.", name=registry.name))
            if (
                registry.provider == "peppol_smp"
                and registry.sml_zone == "custom"
                and not (registry.sml_custom_zone or registry.smp_url)
            ):
                raise ValidationError(
                    self.env._("Registry %(name)s needs a custom SML zone or a fixed SMP URL.", name=registry.name)
                )

    # -------------------------------------------------------------------------
    # Onchanges and low-level methods
    # -------------------------------------------------------------------------

    @api.onchange("provider")
    def _onchange_provider_network(self):
        defaults = {provider.default_network for provider in self._provider_classes().values()}
        for registry in self:
            if registry.provider and (not registry.network or registry.network in defaults):
                registry.network = self._provider_classes()[registry.provider].default_network

    @api.model_create_multi
    def create(self, vals_list):
        classes = self._provider_classes()
        for vals in vals_list:
            if not vals.get("network"):
                provider = vals.get("provider") or self.default_get(["provider"]).get("provider")
                vals["network"] = classes[provider].default_network
        return super().create(vals_list)

    # -------------------------------------------------------------------------
    # Actions
    # -------------------------------------------------------------------------

    def action_test(self):
        """Ask the registry what a look-up asks (the SML zone's SOA, one known participant) and show the answers."""
        self.ensure_one()
        provider = self._get_provider()
        identifier = (self.test_identifier or "").strip().lower()
        if identifier:
            lines = provider.diagnose(identifier)
        else:
            lines = provider.diagnose_service()
            if provider.supports_lookup:
                lines.append((self.env._("Look-up"), self.env._("Set a known participant to test a look-up too.")))
        message = "\n".join(f"{question}: {answer}" for question, answer in lines)
        self.sudo().last_test_message = message
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Test of %(name)s", name=self.name),
                "message": message,
                "sticky": True,
                "type": "info",
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # -------------------------------------------------------------------------
    # Providers
    # -------------------------------------------------------------------------

    @api.model
    def _provider_classes(self):
        """Provider selection value -> class; extend (with selection_add) to plug in an operator's registry."""
        return {
            "peppol_smp": PeppolSmpProvider,
            "peppol_directory": PeppolDirectoryProvider,
            "ee_register": EstonianRegisterProvider,
        }

    def _get_provider(self, deadline=None):
        self.ensure_one()
        registry = self.sudo()
        settings = RegistrySettings(
            url=registry.url or "",
            network=registry.network,
            sml_zone=registry.sml_custom_zone if registry.sml_zone == "custom" else registry.sml_zone or "",
            smp_url=registry.smp_url or "",
            dns_nameserver=registry.dns_nameserver or "",
            cname_fallback=registry.sml_zone == "custom" and registry.sml_cname_fallback,
            ca_bundle=registry.smp_ca_bundle or "",
            username=registry.api_username or "",
            password=registry.api_password or "",
            timeout=registry.timeout,
            deadline=deadline,
            max_bytes=registry.max_response_mb * 1024 * 1024,
            etag=registry.directory_etag or "",
            last_modified=registry.directory_last_modified or "",
        )
        return self._provider_classes()[registry.provider](settings)

    # -------------------------------------------------------------------------
    # Look-up of single contacts
    # -------------------------------------------------------------------------

    def _lookup_providers(self, deadline=None):
        """{registry: provider} of the registries in self that answer for single contacts."""
        providers = {registry: registry._get_provider(deadline) for registry in self}
        return {registry: provider for registry, provider in providers.items() if provider.supports_lookup}

    def _lookup_partner_values(self, identifiers, providers):
        """New e-invoice values for a contact with these identifiers, asking every look-up registry.

        `providers` is {registry: provider}; a registry that cannot answer at all (its SML zone is
        missing, its DNS server is down) is dropped from it and asked no more in this run. A
        recipient on any network counts (roaming). When no registry says yes and one of them
        failed, the status is kept and the contact marked for the next check. Returns
        (values, asked): values None when no registry could be asked for these identifiers.
        """
        networks, found_identifier, failed, answered, asked_any = [], "", False, False, False
        peppol_identifier = None
        # Answers already given in this save or sync (Odoo's Peppol check asks too): asked once.
        shared = self.env.cr.cache.get("einvoice_answers", {})
        for registry, provider in list(providers.items()):
            asked = [identifier for identifier in identifiers if provider.accepts(identifier)]
            if not asked:
                continue
            asked_any = True
            try:
                answers = {
                    identifier: shared[registry.id, identifier]
                    for identifier in asked
                    if (registry.id, identifier) in shared
                }
                missing = [identifier for identifier in asked if identifier not in answers]
                if missing:
                    answers.update(provider.lookup(missing))
                    shared.update({(registry.id, identifier): answers[identifier] for identifier in missing})
            except RegistryUnavailable as exc:
                registry._registry_unavailable(exc, provider.settings.deadline)
                del providers[registry]
                failed = True
                continue
            except RegistryError as exc:
                registry._log_lookup_failure(asked, exc, provider.settings.deadline)
                failed = True
                continue
            except (psycopg2.Error, MemoryError):
                raise
            except Exception as exc:  # a provider's bug must not stop the run
                registry._log_lookup_failure(asked, exc, provider.settings.deadline, unexpected=True)
                failed = True
                continue
            answered = True
            hits = [identifier for identifier in asked if answers.get(identifier)]
            if hits:
                networks.append(registry.network)
                found_identifier = found_identifier or hits[0]
                if provider.peppol and not peppol_identifier:
                    peppol_identifier = hits[0]
        if not asked_any:
            return None
        now = fields.Datetime.now()
        if networks:
            values = status_values("recipient", ", ".join(dict.fromkeys(networks)), found_identifier, now)
            return {**values, "peppol_identifier": peppol_identifier}
        if failed or not answered:
            return {"einvoice_needs_check": True}
        return status_values("not_recipient", False, False, now)

    def _log_lookup_failure(self, identifiers, error, deadline, unexpected=False):
        # While a contact is saved a failure is expected to be retried by the sync: a warning is enough.
        log = _logger.warning if deadline else _logger.error
        log(
            "E-invoice registry %s: look-up of %s failed, will retry: %s",
            self.name,
            ", ".join(identifiers),
            error,
            exc_info=unexpected,
        )

    def _registry_unavailable(self, error, deadline=None):
        """The registry cannot answer for anyone: say so once, on the registry, and change no status."""
        log = _logger.warning if deadline else _logger.error
        log("E-invoice registry %s: cannot answer, statuses left unchanged: %s", self.name, error)
        self._set_sync_result("error", self._einvoice_error_text(error))


def status_values(state, network, identifier, checked_at):
    return {
        "einvoice_recipient_state": state,
        "einvoice_network": network,
        "einvoice_identifier": identifier,
        "einvoice_checked_at": checked_at,
        "einvoice_needs_check": False,
    }


def new_summary():
    return {
        "locked": False,
        "read": [],
        "unchanged": [],
        "failed": [],
        "recipient": 0,
        "not_recipient": 0,
        "unknown": 0,
        "to_confirm": 0,
        "lookups": 0,
        "lookup_failures": 0,
        "no_identifier": 0,
    }
