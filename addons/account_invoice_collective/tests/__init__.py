from . import test_collective_send_date_reminder
from . import test_invoicing_tours
from . import test_collective_send_date_crossing
