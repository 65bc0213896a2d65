from . import test_auto_send_peppol
from . import test_auto_send_committing
