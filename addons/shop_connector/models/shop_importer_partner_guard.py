# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import models


class ShopImporterPartner(models.AbstractModel):
    """What a shop customer's data may reach. Anyone can open an account in a shop with any
    e-mail address and company name, so the shop's data only ever updates partners the import
    created, or that a sales manager confirmed as the shop customer's (by accepting an order's
    difference). It never matches nor updates a company of this database or one of its contacts,
    a user's partner or an employee's. A match by e-mail or VAT number alone to another partner
    links it without writing to it, and its orders wait for review in Webshop Differences.
    """

    _inherit = "shop.importer.partner"

    def _shop_matchable_domain(self):
        """The partners a shop customer may be matched to."""
        companies = self.env["res.company"].sudo().with_context(active_test=False)
        companies = companies.search([("partner_id", "!=", False)]).partner_id
        domain = [("user_ids", "=", False), ("commercial_partner_id", "not in", companies.ids)]
        if "hr.employee" in self.env:
            employees = self.env["hr.employee"].sudo().with_context(active_test=False)
            contacts = employees.search([("work_contact_id", "!=", False)]).work_contact_id
            domain.append(("id", "not in", contacts.ids))
        return domain

    def _shop_may_update(self, binding):
        """Whether the shop's changes of a customer are written to its partner."""
        if binding.to_review:
            return False
        Partner = self.env["res.partner"].with_context(active_test=False)
        return bool(Partner.search_count([("id", "=", binding.partner_id.id), *self._shop_matchable_domain()]))

    def _shop_review_vals(self, partner):
        """A partner found by e-mail or VAT number is the import's own when it already has a link
        to a shop that needs no review (the import created it, or a sales manager confirmed it);
        any other is linked for review."""
        if not partner:
            return {}
        own = (
            self.env["shop.partner.binding"]
            .sudo()
            .search_count([("partner_id", "=", partner.id), ("to_review", "=", False)], limit=1)
        )
        return {"to_review": not own}

    def _contact_person(self, backend, company, record, domain, cache):
        # No contact person is added under a partner linked for review (nor is it searched there).
        binding = self.env["shop.partner.binding"].search_count(
            [("backend_id", "=", backend.id), ("partner_id", "=", company.id), ("to_review", "=", True)], limit=1
        )
        if binding:
            return self.env["res.partner"]
        return super()._contact_person(backend, company, record, domain, cache)
