# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
import logging
import threading
import time
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, config

_logger = logging.getLogger(__name__)

# The owners of an invoice (its field send_owner) that are this add-on's: one path, whichever of them it has.
AUTO_SEND_OWNERS = ("auto_send", "send_date", "api")
AUTO_SEND_RETRY_DELAY = timedelta(hours=1)
# The sending runs again this long after a batch, to deliver what a worker that stopped left queued.
AUTO_SEND_DELIVERY_CHECK = timedelta(minutes=5)


class CronTimeBudget:
    """How many invoices still fit in this cron run before the worker's real-time limit stops it.

    Odoo stops a cron thread that ran longer than `limit_time_real_cron` (or `limit_time_real`
    when that is not set): the prefork server kills the worker, the threaded one restarts. The
    clock counts from the start of the run of all due jobs (the thread's `start_time` on the
    threaded server; in a prefork worker, from the first call of this job's run). Half the limit is
    used; the rest is margin for the other jobs and a slow invoice.
    """

    SHARE = 0.5
    FIRST_ESTIMATE = 3.0  # seconds per invoice (PDF and email) until this run measured its own
    _prefork_run_starts = {}

    def __init__(self, env):
        self.started = self._run_started(env)
        self.limit = self._real_time_limit()
        self.seconds_per_invoice = self.FIRST_ESTIMATE
        self.invoices = 0
        self.seconds = 0.0

    def batch_size(self, max_size):
        """Invoices for the next batch: at most `max_size`, and no more than fit in the time left."""
        if not self.limit:
            return max_size
        left = self.limit * self.SHARE - (time.time() - self.started)
        return max(0, min(max_size, int(left / self.seconds_per_invoice)))

    def record(self, invoices, seconds):
        self.invoices += invoices
        self.seconds += seconds
        if self.invoices:
            self.seconds_per_invoice = self.seconds / self.invoices

    @staticmethod
    def _real_time_limit():
        cron_limit = config["limit_time_real_cron"] or 0
        return cron_limit if cron_limit > 0 else max(config["limit_time_real"] or 0, 0)

    @classmethod
    def _run_started(cls, env):
        if started := getattr(threading.current_thread(), "start_time", None):
            return started
        if not env.context.get("cron_id"):
            return time.time()
        # The calls of one run share the job's last call time; older runs are forgotten.
        key = (env.context["cron_id"], env.context.get("lastcall"))
        if key not in cls._prefork_run_starts:
            cls._prefork_run_starts = {key: time.time()}
        return cls._prefork_run_starts[key]


class AccountMove(models.Model):
    _inherit = "account.move"

    send_date = fields.Date(
        copy=False,
        tracking=True,
        help="On this date the invoice is posted (if still a draft) and sent to the "
        "customer with its PDF, by the customer's sending method. A draft's invoice date "
        "is provisional: it is dated the day it goes out, and its due date follows from "
        "the payment terms. Leave empty to send it manually or by the customer's automatic "
        "sending setting.",
    )

    auto_send_state = fields.Selection(
        selection=[("scheduled", "Scheduled"), ("sent", "Sent"), ("error", "Error")],
        string="Automatic Sending",
        copy=False,
        readonly=True,
        tracking=True,
        help="Scheduled: the invoice is sent automatically when due (its send date, or the customer's automatic "
        "sending). Sent: it went out by the customer's sending method. Error: the last try failed (see the "
        "error); it is tried again automatically.",
    )
    auto_send_due = fields.Datetime(
        string="Sending Due",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="When the invoice is sent automatically, or tried again after an error.",
    )
    auto_send_error = fields.Text(
        string="Sending Error", copy=False, readonly=True, help="Why the last automatic sending failed."
    )
    auto_send_message_id = fields.Many2one(
        comodel_name="mail.message",
        string="Sending Message",
        copy=False,
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The chatter message that sent the invoice automatically; if its email fails, the invoice is "
        "scheduled again.",
    )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------

    @api.constrains("send_date", "move_type")
    def _check_send_date(self):
        # Only what goes to a customer is sent on a date; a bill or bank entry must not carry one.
        if wrong := self.filtered(lambda m: m.send_date and not m.is_sale_document(include_receipts=False)):
            raise ValidationError(
                self.env._(
                    "Only customer invoices and credit notes can have a send date: %(moves)s",
                    moves=", ".join(wrong.mapped("display_name")),
                )
            )

    # ------------------------------------------------------------------
    # CRUD: every change of state or send date reschedules
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        moves.filtered("send_date")._auto_send_schedule()
        return moves

    def write(self, vals):
        result = super().write(vals)
        if "send_date" in vals:
            self._auto_send_schedule()
        return result

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._auto_send_schedule()
        return posted

    # ------------------------------------------------------------------
    # Actions (scheduled action)
    # ------------------------------------------------------------------

    @api.model
    def _cron_auto_send(self, batch_size=None):
        """Send the due invoices in batches that fit the worker's time limit; the cron calls again while some remain.

        First the emails of sent invoices that a stopped worker left queued. Each batch is committed
        (which delivers its emails, one transaction per email) before the next is claimed.
        """
        committing = self.env["account.move.send"]._can_commit()
        self._auto_send_deliver_interrupted()
        if committing:
            self.env.cr.commit()  # pylint: disable=invalid-commit
        max_size = batch_size or int(
            self.env["ir.config_parameter"].sudo().get_param("account_invoice_auto_send.batch_size", 50)
        )
        budget = CronTimeBudget(self.env)
        done, out_of_time = 0, False
        while True:
            size = budget.batch_size(max_size) if committing else max_size
            if not size:
                out_of_time = True
                break
            started = time.monotonic()
            moves = self._auto_send_send_due(size)
            done += len(moves)
            if len(moves) < size or not committing:
                break
            self.env.cr.commit()  # pylint: disable=invalid-commit
            budget.record(len(moves), time.monotonic() - started)
        remaining = self.search_count(self._auto_send_due_domain()) if done or out_of_time else 0
        if remaining and out_of_time:
            # The next run, with a clock of its own, sends the rest.
            self.env.ref("account_invoice_auto_send.ir_cron_einvoice_auto_send")._trigger()
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    @api.model
    def _auto_send_send_due(self, limit):
        """Claim up to `limit` due invoices and send them; the invoices claimed."""
        moves = self._auto_send_lock_due(limit)
        # Reset to draft without a send date, or cancelled, since it was scheduled: not to be sent.
        stale = moves.filtered(lambda m: m.state == "cancel" or (m.state == "draft" and not m.send_date))
        stale.write({"auto_send_state": False, "auto_send_due": False, "auto_send_error": False})
        (moves - stale)._auto_send_send_now()
        return moves

    # ------------------------------------------------------------------
    # Private helpers: scheduling
    # ------------------------------------------------------------------

    def _auto_send_schedule(self):
        """Set when each customer invoice is sent automatically, and wake the sending cron then.

        Leaves alone the invoices another way sends (send_owner); those it schedules are its own
        (Send date or Automatic sending), those it unschedules nobody's. An invoice the integration
        API queued stays queued: only a send date moves it.
        """
        now = fields.Datetime.now()
        by_due = defaultdict(lambda: self.browse())
        for move in self.filtered(lambda m: m.is_sale_document(include_receipts=False) and m.state != "cancel"):
            if move.auto_send_state == "sent" or move.send_owner not in (False, *AUTO_SEND_OWNERS):
                continue
            due = move._auto_send_due_time(now)
            if not due and move.send_owner == "api":
                continue
            owner = due and ("send_date" if move.send_date else "auto_send")
            if (due, owner) != (move.auto_send_due, move.send_owner or False):
                by_due[due, owner] |= move
        for (due, owner), moves in by_due.items():
            if due:
                moves.filtered(lambda m: m.auto_send_state != "error").auto_send_state = "scheduled"
                moves.write({"auto_send_due": due, "send_owner": owner})
            else:
                moves.write(
                    {"auto_send_state": False, "auto_send_due": False, "auto_send_error": False, "send_owner": False}
                )
        for due in {max(due, now) for due, _owner in by_due if due}:
            self.env.ref("account_invoice_auto_send.ir_cron_einvoice_auto_send")._trigger(at=due)

    def _send_owner_release(self, new_owner):
        # Another way (Send & Print, say) sends these invoices now: their automatic sending is cancelled.
        if new_owner not in AUTO_SEND_OWNERS:
            self.filtered(
                lambda m: m.send_owner in AUTO_SEND_OWNERS and m.auto_send_state in ("scheduled", "error")
            ).write({"auto_send_state": False, "auto_send_due": False, "auto_send_error": False})
        return super()._send_owner_release(new_owner)

    @api.model
    def _send_owner_same_path(self, owner):
        return AUTO_SEND_OWNERS if owner in AUTO_SEND_OWNERS else super()._send_owner_same_path(owner)

    def _auto_send_due_time(self, now):
        """The send date (at midnight, company time), else the customer's automatic sending slot, else False."""
        self.ensure_one()
        if self.send_date:
            return self.company_id._auto_send_midnight(self.send_date)
        auto_send = self.commercial_partner_id.with_company(self.company_id).invoice_auto_send
        if self.state != "posted" or not auto_send:
            return False
        slot = self.company_id._auto_send_next_send_slot(now)
        # Already waiting (e.g. for a retry): never postpone it by scheduling again.
        return min(self.auto_send_due, slot) if self.auto_send_due else slot

    def _auto_send_blind_copy_recipient(self):
        self.ensure_one()
        company = self.company_id
        if not company.invoice_auto_send_bcc:
            return self.env["res.partner"]
        return company.invoice_auto_send_bcc_partner_id or (self.invoice_user_id or self.create_uid).partner_id

    # ------------------------------------------------------------------
    # Private helpers: claiming and sending
    # ------------------------------------------------------------------

    @api.model
    def _auto_send_due_domain(self):
        return [
            ("auto_send_due", "<=", fields.Datetime.now()),
            ("auto_send_state", "in", ("scheduled", "error")),
            ("send_owner", "in", (False, *AUTO_SEND_OWNERS)),
        ]

    @api.model
    def _auto_send_lock_due(self, limit):
        """Claim up to `limit` due invoices for this transaction.

        Rows another worker holds are skipped, not waited for: that worker sends them, and marks
        them sent in the same transaction as it queues their emails, so each goes out once.
        The customer is claimed too: composing an invoice email writes on the customer (portal
        sign-up), so two workers sending to one customer at once would collide. Invoices without
        a customer are claimed as well, to end in an error the user sees.
        """
        self.flush_model(["auto_send_due", "auto_send_state", "send_owner", "partner_id"])
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """SELECT move.id
                     FROM account_move move
                     JOIN res_partner customer ON customer.id = move.partner_id
                    WHERE move.auto_send_due <= %s AND move.auto_send_state IN ('scheduled', 'error')
                      AND (move.send_owner IS NULL OR move.send_owner IN %s)
                 ORDER BY move.auto_send_due, move.id
                    LIMIT %s
                      FOR NO KEY UPDATE OF move, customer SKIP LOCKED""",
                now,
                AUTO_SEND_OWNERS,
                limit,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if len(ids) < limit:
            # FOR UPDATE cannot lock the missing side of an outer join: a query of their own.
            self.env.cr.execute(
                SQL(
                    """SELECT id
                         FROM account_move
                        WHERE auto_send_due <= %s AND auto_send_state IN ('scheduled', 'error')
                          AND (send_owner IS NULL OR send_owner IN %s) AND partner_id IS NULL
                     ORDER BY auto_send_due, id
                        LIMIT %s
                          FOR NO KEY UPDATE SKIP LOCKED""",
                    now,
                    AUTO_SEND_OWNERS,
                    limit - len(ids),
                )
            )
            ids += [row[0] for row in self.env.cr.fetchall()]
        moves = self.browse(ids)
        moves.invalidate_recordset()
        return moves

    def _auto_send_lock(self):
        """The invoices of self that no other transaction is sending right now, locked for this one."""
        if not self:
            return self
        self.flush_recordset()
        self.env.cr.execute(SQL("SELECT id FROM account_move WHERE id IN %s FOR UPDATE SKIP LOCKED", tuple(self.ids)))
        locked = self.browse(row[0] for row in self.env.cr.fetchall())
        locked.invalidate_recordset()
        return self.filtered(lambda m: m in locked)

    def _auto_send_lock_unsent(self):
        """Lock this invoice again after a commit released the claim; empty if another worker has it or sent it."""
        self.ensure_one()
        self.env.cr.execute(
            SQL(
                """SELECT move.id
                     FROM account_move move
                    WHERE move.id = %s AND move.auto_send_state IS DISTINCT FROM 'sent' AND move.state = 'posted'
                      FOR NO KEY UPDATE SKIP LOCKED""",
                self.id,
            )
        )
        locked = self.browse(row[0] for row in self.env.cr.fetchall())
        locked.invalidate_recordset()
        return locked
