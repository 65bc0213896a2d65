from . import test_mass_invoice_post_plan
from . import test_mass_invoice_letters
from . import test_mass_invoice_tour
from . import test_mass_invoice_norwegian_tour
