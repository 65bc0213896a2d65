from markupsafe import Markup

from odoo import Command, fields, models
from odoo.exceptions import UserError


class AccountMoveCollectiveMerge(models.TransientModel):
    _name = "account.move.collective.merge"
    _description = "Merge Draft Invoices into a Collective Invoice"

    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        required=True,
        default=lambda self: self._default_move_ids(),
        help="Draft customer invoices of one customer to merge; each becomes a section of the collective invoice.",
    )

    def _default_move_ids(self):
        if self.env.context.get("active_model") != "account.move":
            return self.env["account.move"]
        return self.env["account.move"].browse(self.env.context.get("active_ids", []))

    def _get_fields_to_match(self):
        """Fields the merged invoices must share, with the word naming them in a refusal."""
        return {
            "partner_id": self.env._("customer"),
            "company_id": self.env._("company"),
            "currency_id": self.env._("currency"),
            "journal_id": self.env._("journal"),
            "fiscal_position_id": self.env._("fiscal position"),
        }

    def _check_mergeable(self):
        moves = self.move_ids
        if len(moves) < 2:
            raise UserError(self.env._("Select at least two draft invoices to merge into a collective invoice."))
        self._refuse_any(
            moves.filtered(lambda move: move.move_type != "out_invoice"),
            self.env._("Only customer invoices can be merged; these are not: %s"),
        )
        self._refuse_any(
            moves.filtered(lambda move: move.state != "draft"),
            self.env._("Only draft invoices can be merged; these are posted or cancelled: %s"),
        )
        for field_name, label in self._get_fields_to_match().items():
            values = {move[field_name] for move in moves}
            if len(values) > 1:
                raise UserError(
                    self.env._(
                        "The invoices to merge must have the same %(what)s, but they have: %(values)s.",
                        what=label,
                        values=", ".join(sorted(value.display_name or self.env._("none") for value in values)),
                    )
                )

    @staticmethod
    def _refuse_any(moves, message):
        """Refuse the merge when `moves` is not empty; `message` names them at its %s."""
        if moves:
            raise UserError(message % "; ".join(moves._get_collective_description()))

    def action_merge(self):
        """Replace the selected draft invoices by one collective invoice and cancel them."""
        self.ensure_one()
        self._check_mergeable()
        sources = self.move_ids.sorted(lambda move: (move.invoice_date or fields.Date.today(), move.id))
        collective = self.env["account.move"].create(self._prepare_collective_vals(sources))
        collective.sudo().is_collective = True
        # As superuser: users cannot link or unlink invoices themselves (see account_move_collective.py).
        sources.sudo().collective_invoice_id = collective
        sources.button_cancel()
        self._log_merge(collective, sources)
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": collective.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def _prepare_collective_vals(self, sources):
        first = sources[0]
        # Provisional: the earliest period billed; the invoice is dated for good when it is sent.
        invoice_date = min(sources.filtered("invoice_date").mapped("invoice_date"), default=False)
        vals = {
            "move_type": "out_invoice",
            "partner_id": first.partner_id.id,
            "company_id": first.company_id.id,
            "currency_id": first.currency_id.id,
            "journal_id": first.journal_id.id,
            "fiscal_position_id": first.fiscal_position_id.id,
            "partner_shipping_id": first.partner_shipping_id.id,
            "invoice_payment_term_id": first.invoice_payment_term_id.id,
            "invoice_user_id": first.invoice_user_id.id or self.env.user.id,
            "invoice_date": invoice_date,
            "service_period_start": min(
                sources.filtered("service_period_start").mapped("service_period_start"), default=False
            ),
            "service_period_end": max(
                sources.filtered("service_period_end").mapped("service_period_end"), default=False
            ),
            "invoice_origin": self._join_unique(sources.mapped("invoice_origin")),
            "ref": self._join_unique(sources.mapped("ref")),
            "narration": first.narration,
            "invoice_line_ids": self._prepare_collective_lines(sources),
        }
        if invoice_date and not first.invoice_payment_term_id:
            # Without payment terms Odoo would keep the due date it computes on creation (today).
            vals["invoice_date_due"] = invoice_date
        return vals

    def _prepare_collective_lines(self, sources):
        """One section per source invoice followed by copies of its lines.

        `include_business_fields` is how Odoo copies lines for reversals: it keeps the links to the
        sale order lines, so the orders still show the collective invoice and its quantities.
        """
        line_commands = []
        for source in sources:
            line_commands.append(
                Command.create(
                    {
                        "display_type": "line_section",
                        "name": source._get_collective_section_name(),
                        "sequence": len(line_commands),
                    }
                )
            )
            source_lines = source.invoice_line_ids.sorted(lambda line: (line.sequence, line.id))
            for line_vals in source_lines.with_context(include_business_fields=True).copy_data():
                line_vals.pop("move_id", None)
                line_vals["sequence"] = len(line_commands)
                line_commands.append(Command.create(line_vals))
        return line_commands

    @staticmethod
    def _join_unique(values):
        return ", ".join(dict.fromkeys(value for value in values if value)) or False

    def _log_merge(self, collective, sources):
        # Notes, not messages: no one is notified, and a user without an email address can merge too.
        for source in sources:
            source._message_log(body=self.env._("Merged into the collective invoice %s.", collective._get_html_link()))
        # Cancelled drafts have no number: name them by customer, date, origin and amount.
        source_links = Markup("</li><li>").join(
            source._get_html_link(title=description)
            for source, description in zip(sources, sources._get_collective_description(), strict=True)
        )
        collective._message_log(
            body=self.env._("Collective invoice merged from:") + Markup("<ul><li>%s</li></ul>") % source_links
        )
