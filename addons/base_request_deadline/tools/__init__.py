from . import request_deadline
