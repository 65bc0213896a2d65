from . import test_mass_invoice_auto_send
