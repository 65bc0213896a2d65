# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, models

from ..providers import RegistryError


class EinvoiceRegistry(models.Model):
    """The registry's messages, stored in the language of the people who read them."""

    _inherit = "einvoice.registry"

    @api.model
    def _einvoice_error_text(self, error):
        """A registry's failure in the environment's language; a program error by its type and text."""
        if isinstance(error, RegistryError):
            return self.env._(error.template, **error.values)
        return f"{type(error).__name__}: {error}"


class ResCompany(models.Model):
    _inherit = "res.company"

    def _einvoice_users_lang(self):
        """The language most of the company's internal users work in (else the company's own): the
        scheduled update writes its messages in it, as nobody in particular started it."""
        self.ensure_one()
        users = self.env["res.users"].sudo().search([("company_ids", "in", self.id), ("share", "=", False)])
        langs = [lang for lang in users.mapped("lang") if lang]
        return max(set(langs), key=langs.count) if langs else self.partner_id.lang or "en_US"
