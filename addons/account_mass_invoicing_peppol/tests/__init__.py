from . import test_mass_invoice_peppol_summary
