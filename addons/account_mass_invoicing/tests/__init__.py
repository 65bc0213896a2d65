from . import test_mass_invoice_recipients
from . import test_mass_invoice_batch
from . import test_mass_invoice_concurrency
from . import test_mass_invoice_language
from . import test_mass_invoice_repeat
from . import test_mass_invoice_live_progress
from . import test_mass_invoice_send_owner
