# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import ast

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL

PREVIEW_LIMIT = 80  # recipients listed in the form (the count is always exact)
FILTER_MAX_LENGTH = 4000  # characters of the advanced filter: a domain, not a program
DOMAIN_OPERATORS = ("&", "|", "!")


class MassInvoiceRun(models.Model):
    """Who a run invoices: the customers of the contacts matching its tags and filter."""

    _inherit = "mass.invoice.run"

    include_category_ids = fields.Many2many(
        "res.partner.category",
        "mass_invoice_run_include_category_rel",
        "run_id",
        "category_id",
        string="Include Tags",
        help="Customers (or a contact of theirs) with any of these tags are invoiced.",
    )
    exclude_category_ids = fields.Many2many(
        "res.partner.category",
        "mass_invoice_run_exclude_category_rel",
        "run_id",
        "category_id",
        string="Exclude Tags",
        help="Customers (or contacts) with any of these tags are never invoiced, even if included.",
    )
    partner_domain = fields.Char(
        string="Filter",
        default="[]",
        help="Advanced: only contacts matching this filter (together with the include tags, if any). A list of "
        "conditions, as the filter editor writes it; read when the run starts.",
    )
    preview_count = fields.Integer(string="Recipients", compute="_compute_preview")
    preview_partner_ids = fields.Many2many(
        "res.partner", string="Recipients Preview", compute="_compute_preview", help="The first recipients."
    )

    # -------------------------------------------------------------------------
    # Computes
    # -------------------------------------------------------------------------

    @api.constrains("partner_domain")
    def _check_partner_domain(self):
        for run in self:
            domain = run._mass_invoice_domain()
            try:
                self.env["res.partner"]._search(domain)
            except (ValueError, TypeError, KeyError) as error:
                raise ValidationError(
                    self.env._("The recipients filter is not valid: %(error)s", error=error)
                ) from error

    @api.depends("include_category_ids", "exclude_category_ids", "partner_domain", "company_id")
    def _compute_preview(self):
        for run in self:
            customers = run._mass_invoice_customers()
            run.preview_count = len(customers)
            run.preview_partner_ids = customers[:PREVIEW_LIMIT]

    # -------------------------------------------------------------------------
    # Helpers
    # -------------------------------------------------------------------------

    def _mass_invoice_domain(self):
        """The advanced filter as a domain: a literal list of conditions only, never code to run.

        As Odoo's own mailing filter reads it (a literal, no evaluation), bounded in size.
        """
        text = (self.partner_domain or "").strip() or "[]"
        if len(text) > FILTER_MAX_LENGTH:
            raise ValidationError(
                self.env._(
                    "The recipients filter is too long (%(length)s characters, at most %(limit)s).",
                    length=len(text),
                    limit=FILTER_MAX_LENGTH,
                )
            )
        try:
            domain = ast.literal_eval(text)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            domain = None
        if not isinstance(domain, list) or not all(self._mass_invoice_is_term(term) for term in domain):
            raise ValidationError(
                self.env._(
                    "The recipients filter must be a list of conditions, such as "
                    '[("city", "=", "Oslo")]; names, calls and expressions are not accepted.'
                )
            )
        return expression.normalize_domain(domain) if domain else []

    @api.model
    def _mass_invoice_is_term(self, term):
        if term in DOMAIN_OPERATORS:
            return True
        # A field path, or 1/0 of Odoo's always-true and always-false conditions.
        return (
            isinstance(term, (list, tuple))
            and len(term) == 3
            and isinstance(term[0], (str, int))
            and isinstance(term[1], str)
        )

    def _mass_invoice_customers(self):
        """The customers (commercial entities) this run invoices, once each, in a stable order.

        A contact matches when it has an include tag (if any are set) and the filter; its company is
        the customer. A customer is left out when it, or the matching contact, has an exclude tag.
        """
        self.ensure_one()
        Partner = self.env["res.partner"].with_company(self.company_id)
        user_domain = self._mass_invoice_domain()
        if not self.include_category_ids and not user_domain:
            return Partner
        domain = [*Partner._check_company_domain(self.company_id), *user_domain]
        if self.include_category_ids:
            domain.append(("category_id", "in", self.include_category_ids.ids))
        if self.exclude_category_ids:
            domain.append(("category_id", "not in", self.exclude_category_ids.ids))
        self.env["res.partner"].flush_model(["commercial_partner_id", "category_id", "active", "company_id"])
        query = Partner._search(domain)
        # Commercial entities of the matching contacts, without those tagged to be excluded, in SQL: a club's
        # thousands of members are not loaded to be deduplicated.
        excluded = SQL("")
        if self.exclude_category_ids:
            excluded = SQL(
                """AND NOT EXISTS (SELECT 1 FROM res_partner_res_partner_category_rel rel
                                    WHERE rel.partner_id = customer.id AND rel.category_id IN %s)""",
                tuple(self.exclude_category_ids.ids),
            )
        company_ok = SQL("(customer.company_id IS NULL OR customer.company_id = %s)", self.company_id.id)
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT customer.id
                     FROM res_partner customer
                    WHERE customer.id IN (SELECT contact.commercial_partner_id FROM (%s) matched
                                            JOIN res_partner contact ON contact.id = matched.id)
                      AND customer.active AND %s %s
                 ORDER BY customer.id""",
                query.subselect(),
                company_ok,
                excluded,
            )
        )
        return Partner.browse(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _mass_invoice_invoice_addresses(self, customers):
        """{customer: its invoice address} (the customer itself when it has none)."""
        addresses = {customer: customer for customer in customers}
        children = self.env["res.partner"].search(
            [("parent_id", "in", customers.ids), ("type", "=", "invoice")], order="id"
        )
        for child in children:
            if addresses[child.parent_id] == child.parent_id:
                addresses[child.parent_id] = child
        return addresses
