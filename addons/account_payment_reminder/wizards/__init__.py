from . import payment_reminder_totals_line
from . import payment_reminder_totals
