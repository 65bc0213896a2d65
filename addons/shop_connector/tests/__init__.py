from . import test_install
from . import test_cao_client
from . import test_shop_import
from . import test_shop_status_push
from . import test_shop_access
from . import test_shop_import_concurrency
from . import test_shop_tour
from . import test_real_shop
