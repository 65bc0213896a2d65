from . import test_auto_send
from . import test_auto_send_concurrency
from . import test_auto_send_time_budget
from . import test_scheduled_texts_language
from . import test_cron_names_tour
from . import test_send_owner_crossings
from . import test_auto_send_owner
