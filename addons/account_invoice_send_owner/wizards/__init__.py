from . import account_move_send_batch_wizard
