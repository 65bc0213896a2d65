from . import account_move_collective_merge
from . import account_move_send_date_reminder
