from . import send_date_reminder
