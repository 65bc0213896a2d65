from . import account_move_collective_merge
from . import account_move_send_date_reminder
from . import einvoice_recipient_update
