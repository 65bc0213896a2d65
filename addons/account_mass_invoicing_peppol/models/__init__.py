from . import mass_invoice_delivery_method
from . import mass_invoice_attachment
from . import mass_invoice_recipient
from . import mass_invoice_run
from . import account_move_send
