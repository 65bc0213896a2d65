from . import einvoice_recipient_update
