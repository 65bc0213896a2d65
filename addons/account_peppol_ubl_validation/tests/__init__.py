from . import test_ubl_schema_hostile_xml
from . import test_ubl_validation_auto_send
from . import test_ubl_validation_sending
