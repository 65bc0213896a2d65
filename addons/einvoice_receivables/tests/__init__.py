from . import test_install
from . import test_invoicing_demo
from . import test_mass_invoice_delivery
from . import test_upgrade_18_0_1_2_0
from . import test_column_titles
from . import test_translation_templates
from . import test_upgrade_18_0_1_1_0
from . import test_mass_invoice_auto_send
