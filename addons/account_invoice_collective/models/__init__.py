from . import account_move_collective
from . import account_move_service_period
