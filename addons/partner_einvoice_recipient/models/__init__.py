from . import res_company_einvoice
from . import res_config_settings_einvoice
from . import einvoice_registry
from . import einvoice_registry_sync
from . import einvoice_registry_language
from . import res_partner_einvoice
from . import account_move_einvoice
from . import res_partner_einvoice_forecast
