from . import test_payment_reminder_totals
from . import test_payment_reminder_send
from . import test_payment_reminder_notes
from . import test_payment_reminder_concurrency
from . import test_payment_reminder_tour
from . import test_payment_reminder_access
from . import test_payment_reminder_language
