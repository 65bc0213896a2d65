from . import shop_order_status_update
