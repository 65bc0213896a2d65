from . import account_move_mass_invoice
