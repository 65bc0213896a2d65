from . import mass_invoice_delivery_method
from . import mass_invoice_recipient_post
from . import mass_invoice_recipient_letters
from . import mass_invoice_run_letters
from . import snailmail_letter
