from odoo import models
from odoo.tools import SQL


class SnailmailLetter(models.Model):
    _inherit = "snailmail.letter"

    def _snailmail_print_valid_address(self):
        # Printed once, also when Odoo's snailmail cron and a mass invoicing run print the same letter at
        # the same time: only the letters still waiting to be printed, locked, go to the service.
        printable = self._mass_invoice_lock_printable()
        if printable:
            return super(SnailmailLetter, printable)._snailmail_print_valid_address()
        return None

    def _mass_invoice_lock_printable(self):
        """These letters not yet printed (nor cancelled) that no other transaction is printing, locked."""
        if not self.ids:
            return self
        self.flush_recordset(["state", "error_code"])
        self.env.cr.execute(
            SQL(
                """SELECT id FROM snailmail_letter
                    WHERE id IN %s AND state IN ('pending', 'error')
                      FOR NO KEY UPDATE SKIP LOCKED""",
                tuple(self.ids),
            )
        )
        locked = {row[0] for row in self.env.cr.fetchall()}
        self.invalidate_recordset(["state", "error_code"])
        return self.filtered(lambda letter: letter.id in locked)
