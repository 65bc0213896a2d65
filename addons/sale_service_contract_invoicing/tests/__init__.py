from . import test_service_contract
from . import test_collective_invoice
from . import test_contract_tours_german
