from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCronNamesTour(HttpCase):
    def test_scheduled_actions_tell_odoos_invoice_sending_from_ours(self):
        self.start_tour("/odoo/action-base.ir_cron_act?debug=1", "account_invoice_auto_send_cron_names", login="admin")
