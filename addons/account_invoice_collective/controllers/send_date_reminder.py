from odoo import http
from odoo.http import request

# Key in the HTTP session: the reminder shows once after each login, not on every page load.
SESSION_KEY = "account_invoice_collective_send_date_reminder_shown"


class SendDateReminderController(http.Controller):
    @http.route("/account_invoice_collective/send_date_reminder", type="json", auth="user")
    def send_date_reminder(self):
        """The dialog of the user's collective invoices without a send date, once per session, or False."""
        if request.session.get(SESSION_KEY):
            return False
        action = request.env["account.move.send.date.reminder"].action_open_for_current_user()
        if action:
            request.session[SESSION_KEY] = True
        return action
