from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date


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
    collective_source_ids = fields.One2many(
        "account.move",
        "collective_invoice_id",
        string="Merged Invoices",
        readonly=True,
        help="The invoices merged into this collective invoice; they are cancelled.",
    )

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
                    invoices=", ".join(merged.mapped("display_name")),
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
