from . import account_move_collective_merge
from . import account_move_send_date_reminder
from . import einvoice_recipient_update
from . import payment_reminder_totals_line
from . import payment_reminder_totals
