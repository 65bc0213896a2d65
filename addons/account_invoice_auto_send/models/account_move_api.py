# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import base64

import psycopg2

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, mute_logger

from .account_move_auto_send import AUTO_SEND_OWNERS

# action_post_and_send sends this many in the request and leaves the rest to the scheduled action.
AUTO_SEND_SYNC_LIMIT = 20
# Seconds action_post_and_send waits for an invoice that another transaction holds.
AUTO_SEND_LOCK_WAIT = 3


class AccountMove(models.Model):
    _inherit = "account.move"

    # ------------------------------------------------------------------
    # Actions (XML-RPC entry points for integrations)
    # ------------------------------------------------------------------

    def action_post_and_send(self):
        """Post the draft invoices and send them now by each customer's sending method.

        :return: {invoice id (str): 'sent', 'queued' (sent shortly by the cron) or an error text}.
                 Calling again never sends an invoice twice.
        """
        self._auto_send_check_api_access("write")
        outcomes = self._auto_send_refuse_unsendable()
        todo = self.filtered(lambda m: m not in outcomes)
        outcomes.update(dict.fromkeys(todo.filtered(lambda m: m.auto_send_state == "sent"), "sent"))
        todo = todo.filtered(lambda m: m not in outcomes)
        outcomes.update(todo._auto_send_post())
        todo = todo.filtered(lambda m: m not in outcomes)
        at_once, later = todo[:AUTO_SEND_SYNC_LIMIT], todo[AUTO_SEND_SYNC_LIMIT:]
        locked = at_once._auto_send_lock()
        busy = at_once - locked
        # Held by another transaction, already scheduled: the cron sends it (maybe right now).
        scheduled = busy.filtered(lambda m: m.auto_send_state in ("scheduled", "error"))
        outcomes.update(dict.fromkeys(scheduled, "queued"))
        waited, outcomes_busy = (busy - scheduled)._auto_send_wait_for_lock()
        outcomes.update(outcomes_busy)
        locked |= waited
        outcomes.update((locked + later)._auto_send_sent_another_way())
        locked = locked.filtered(lambda m: m not in outcomes)
        outcomes.update(dict.fromkeys(locked.filtered(lambda m: m.auto_send_state == "sent"), "sent"))
        to_send = locked.filtered(lambda m: m.auto_send_state != "sent")
        to_send._send_owner_take("api")
        outcomes.update(to_send._auto_send_send_now())
        later = later.filtered(lambda m: m not in outcomes)
        later._auto_send_queue_now()
        outcomes.update(dict.fromkeys(later, "queued"))
        return {str(move.id): outcomes[move] for move in self}

    def action_mark_ready(self):
        """The integration has finished building these invoices: post them and send them when due.

        Due means at once or at the next run, by the customer's automatic sending and the company's
        setting, or on the invoice's send date when it has one.

        :return: {invoice id (str): 'queued' (will be sent automatically), 'posted' (the customer is not on
                 automatic sending and no send date is set), 'sent', or an error text}.
        """
        self._auto_send_check_api_access("write")
        outcomes = self._auto_send_refuse_unsendable()
        todo = self.filtered(lambda m: m not in outcomes)
        outcomes.update(todo._auto_send_post())
        posted = todo.filtered(lambda m: m not in outcomes)
        posted._auto_send_schedule()
        for move in posted:
            outcomes[move] = {"sent": "sent", "scheduled": "queued", "error": move.auto_send_error}.get(
                move.auto_send_state, "posted"
            )
        return {str(move.id): outcomes[move] for move in self}

    def get_pdf(self):
        """The PDF of each posted invoice: {invoice id (str): base64 text}.

        The PDF that was sent when there is one, else a freshly printed one (not stored).
        """
        self._auto_send_check_api_access("read")
        if not_posted := self.filtered(lambda m: m.state != "posted" or not m.is_sale_document()):
            raise UserError(
                self.env._(
                    "Only posted customer invoices and credit notes have a PDF: %(invoices)s",
                    invoices=", ".join(not_posted.mapped("display_name")),
                )
            )
        result = {}
        for move in self:
            content = (
                move.sudo().invoice_pdf_report_id.raw
                or (
                    self.env["ir.actions.report"]
                    .with_company(move.company_id)
                    ._render_qweb_pdf("account.account_invoices", move.ids)[0]
                )
            )
            result[str(move.id)] = base64.b64encode(content).decode()
        return result

    # ------------------------------------------------------------------
    # Private helpers
    # ------------------------------------------------------------------

    def _auto_send_check_api_access(self, operation):
        if not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(self.env._("Only invoicing users can post, send or print invoices."))
        self.check_access(operation)

    def _auto_send_refuse_unsendable(self):
        """{move: error text} for documents that are not customer invoices or credit notes to send."""
        outcomes = {}
        for move in self:
            if not move.is_sale_document(include_receipts=False):
                outcomes[move] = self.env._(
                    "%(move)s is not a customer invoice or credit note.", move=move.display_name
                )
            elif move.state == "cancel":
                outcomes[move] = self.env._("%(move)s is cancelled.", move=move.display_name)
        return outcomes

    def _auto_send_wait_for_lock(self):
        """Wait a moment for invoices another transaction holds (a payment being registered, say).

        :return: (the invoices now locked for this transaction, {move: error text} for the others).
                 When the other transaction changed the invoice, PostgreSQL refuses the lock with a
                 serialization failure, and Odoo runs the whole call again.
        """
        locked, errors = self.browse(), {}
        cr = self.env.cr
        cr.execute("SHOW lock_timeout")
        lock_timeout = cr.fetchone()[0]
        for move in self:
            try:
                # An expected refusal, not a bad query worth an error in the log (as account's partner.py does).
                with cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
                    cr.execute(SQL("SELECT set_config('lock_timeout', %s, true)", f"{AUTO_SEND_LOCK_WAIT}s"))
                    cr.execute(SQL("SELECT id FROM account_move WHERE id = %s FOR UPDATE", move.id))
                locked |= move
            except psycopg2.errors.LockNotAvailable:
                errors[move] = self.env._(
                    "%(move)s is being changed by another user or process right now and was not sent: call again "
                    "in a moment.",
                    move=move.display_name,
                )
            finally:
                cr.execute(SQL("SELECT set_config('lock_timeout', %s, true)", lock_timeout))
        locked.invalidate_recordset()
        return locked, errors

    def _auto_send_sent_another_way(self):
        """{move: 'sent' or why not} for those of these invoices another way sends (Send & Print, say)."""
        return {
            move: "sent" if move.is_move_sent else move._send_owner_refusal()
            for move in self.filtered(lambda m: m.send_owner not in (False, *AUTO_SEND_OWNERS))
        }

    def _auto_send_queue_now(self):
        """Let the cron post and send these invoices as soon as it can."""
        if not self:
            return
        self._send_owner_take("api")
        self.filtered(lambda m: m.auto_send_state != "error").auto_send_state = "scheduled"
        self.auto_send_due = fields.Datetime.now()
        self.env.ref("account_invoice_auto_send.ir_cron_einvoice_auto_send")._trigger()
