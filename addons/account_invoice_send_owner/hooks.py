"""Invoices of a database that sent them before this add-on get the owner their sending had."""

from odoo.tools import SQL
from odoo.tools.sql import column_exists


def post_init_hook(env):
    cr = env.cr
    if column_exists(cr, "account_move", "auto_send_state"):
        # Scheduled or sent by the automatic sending: on a send date, or by the customer's setting.
        cr.execute(
            SQL(
                """UPDATE account_move
                      SET send_owner = CASE WHEN send_date IS NOT NULL THEN 'send_date' ELSE 'auto_send' END
                    WHERE send_owner IS NULL AND auto_send_state IS NOT NULL"""
            )
        )
    # Any other invoice already sent went out by hand (Send & Print).
    cr.execute(SQL("UPDATE account_move SET send_owner = 'manual' WHERE send_owner IS NULL AND is_move_sent"))
