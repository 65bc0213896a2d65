from . import test_request_deadline
