from . import account_move_send_owner
from . import account_move_send_send_owner
