# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_amount, format_date

# Set by the merge only (as superuser): a user who could clear them could reopen a merged invoice.
COLLECTIVE_LINK_FIELDS = {"collective_invoice_id", "is_collective"}


class AccountMove(models.Model):
    """Collective invoices: merged from draft invoices of one customer (see wizards/)."""

    _inherit = "account.move"

    is_collective = fields.Boolean(
        string="Collective Invoice",
        readonly=True,
        copy=False,
        help="This invoice was merged from several draft invoices of one customer; "
        "it keeps one section per merged invoice.",
    )
    collective_invoice_id = fields.Many2one(
        "account.move",
        string="Merged Into",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The collective invoice that bills this invoice's lines instead of it.",
    )
    collective_number = fields.Char(
        string="Invoice Number",
        compute="_compute_collective_number",
        help="The invoice's number; a draft, which has none yet, shows its reference (* 42).",
    )
    collective_source_ids = fields.One2many(
        "account.move",
        "collective_invoice_id",
        string="Merged Invoices",
        readonly=True,
        help="The invoices merged into this collective invoice; they are cancelled.",
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("name")
    def _compute_collective_number(self):
        for move in self:
            move.collective_number = move.name if move.name and move.name != "/" else f"(* {move._origin.id})"

    @api.depends("collective_invoice_id")
    def _compute_show_reset_to_draft_button(self):
        result = super()._compute_show_reset_to_draft_button()
        # Refused for merged invoices (see button_draft): not offered either.
        self.filtered("collective_invoice_id").show_reset_to_draft_button = False
        return result

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    def write(self, vals):
        if not self.env.su and COLLECTIVE_LINK_FIELDS & set(vals):
            new_collective = vals.get("collective_invoice_id") or False
            changed = self.filtered(
                lambda m: (
                    ("collective_invoice_id" in vals and m.collective_invoice_id.id != new_collective)
                    or ("is_collective" in vals and m.is_collective != bool(vals["is_collective"]))
                )
            )
            if changed:
                raise AccessError(
                    self.env._(
                        "Only merging invoices links them to a collective invoice: %(invoices)s cannot be changed.",
                        invoices=", ".join(changed._get_collective_description()),
                    )
                )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def button_draft(self):
        # A merged invoice is billed by its collective invoice: reopening it would bill it twice.
        merged = self.filtered("collective_invoice_id")
        if merged:
            raise UserError(
                self.env._(
                    "These invoices were merged into a collective invoice and cannot be reset to draft: "
                    "%(invoices)s. Edit the collective invoice %(collectives)s instead.",
                    invoices="; ".join(merged._get_collective_description()),
                    collectives=", ".join(merged.collective_invoice_id.mapped("display_name")),
                )
            )
        return super().button_draft()

    # ------------------------------------------------------------------
    # Private helpers
    # ------------------------------------------------------------------

    @api.model
    def _get_collective_invoices_without_send_date(self):
        """Draft collective invoices of the current user that still wait for a send date.

        A collective invoice is the user's when they are its salesperson or created it. As the
        invoice date of a draft collective invoice is only provisional, it is due for a send date
        once that date has come (or when it has none).
        """
        user = self.env.user
        return self.search(
            [
                ("is_collective", "=", True),
                ("state", "=", "draft"),
                ("send_date", "=", False),
                "|",
                ("invoice_date", "=", False),
                ("invoice_date", "<=", fields.Date.context_today(self)),
                "|",
                ("invoice_user_id", "=", user.id),
                ("create_uid", "=", user.id),
            ],
            order="invoice_date, id",
        )

    def _get_collective_section_name(self):
        """Title of this invoice's section in a collective invoice, in the customer's language."""
        self.ensure_one()
        number = self.name if self.name and self.name != "/" else False
        customer_env = self.with_context(lang=self.partner_id.lang).env
        invoice_date = self.invoice_date and format_date(customer_env, self.invoice_date)
        parts = [number, invoice_date, self.ref or self.invoice_origin]
        return " - ".join(part for part in parts if part) or self.display_name

    def _get_collective_description(self):
        """How a user recognises each invoice, drafts without a number included.

        Customer, date, origin or reference, and amount: "Deco Addict, 07/01/2026, S00012, $ 1,500.00".
        """
        descriptions = []
        for move in self:
            number = move.name if move.name and move.name != "/" else False
            parts = [
                number,
                move.partner_id.display_name,
                move.invoice_date and format_date(self.env, move.invoice_date),
                move.ref or move.invoice_origin,
                format_amount(self.env, move.amount_total, move.currency_id),
            ]
            descriptions.append(", ".join(part for part in parts if part))
        return descriptions
