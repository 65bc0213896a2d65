# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    payment_reminder_mode = fields.Selection(
        selection=[
            ("company", "Company default"),
            ("auto", "Automatic"),
            ("manual", "Manual"),
        ],
        string="Payment reminders",
        company_dependent=True,
        help="Automatic: the daily scheduled action sends this customer's payment reminders. "
        "Manual: only when a user sends them. Company default: as set in the Invoicing settings.",
    )
    payment_reminder_ids = fields.One2many("payment.reminder", "partner_id", string="Payment reminders and call notes")
    payment_reminder_count = fields.Integer(compute="_compute_payment_reminder_state", string="Reminders")
    payment_reminder_last_date = fields.Date(compute="_compute_payment_reminder_state", string="Last reminder")
    payment_reminder_promised_date = fields.Date(
        compute="_compute_payment_reminder_state", string="Promised payment date"
    )
    payment_reminder_next_date = fields.Date(compute="_compute_payment_reminder_state", string="Next reminder")
    payment_reminder_error = fields.Char(compute="_compute_payment_reminder_state", string="Reminder not delivered")

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends_context("company")
    @api.depends("payment_reminder_ids.state")
    def _compute_payment_reminder_state(self):
        company = self.env.company
        states = self.env["payment.reminder.state"].search(
            [("partner_id", "in", self.commercial_partner_id.ids), ("company_id", "=", company.id)]
        )
        by_partner = {state.partner_id: state for state in states}
        counts = dict(
            self.env["payment.reminder"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids), ("company_id", "=", company.id)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            state = by_partner.get(partner.commercial_partner_id)
            last = state.last_reminder_id if state else False
            partner.payment_reminder_count = counts.get(partner.commercial_partner_id, 0)
            partner.payment_reminder_last_date = state.last_reminder_date if state else False
            partner.payment_reminder_promised_date = state.promised_date if state else False
            partner.payment_reminder_next_date = state.next_reminder_date if state else False
            partner.payment_reminder_error = last.error if last and last.state in ("failed", "not_sent") else False

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_payment_reminder_history(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account_payment_reminder.action_payment_reminder")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id, "default_kind": "call"}
        return action

    # ------------------------------------------------------------------
    # Private helpers
    # ------------------------------------------------------------------

    def _payment_reminder_recipient(self):
        """Who receives the reminder: the invoicing contact, else the customer itself."""
        self.ensure_one()
        contact = self.browse(self.address_get(["invoice"])["invoice"])
        return contact if contact.email else self
