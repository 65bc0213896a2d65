from . import account_move
from . import account_move_send
