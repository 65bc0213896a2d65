from . import test_send_owner
