from . import account_move_collective_merge
