from odoo.addons.bus.tests.common import WebsocketCase
from odoo.tests import tagged

from .mass_invoice_screens import WorkerWhenFormListens, chart_of_accounts, club_run, members


@tagged("post_install", "-at_install")
class TestMassInvoiceLiveProgress(WebsocketCase):
    """An open run form follows the scheduled action's work through Odoo's bus, in a real browser."""

    def test_open_form_shows_the_background_work_without_a_reload(self):
        chart_of_accounts(self.env)
        tag, _customers = members(self.env, "Live Members", {"name": "Live Member One"}, {"name": "Live Member Two"})
        run = club_run(self.env, tag)
        run.with_user(self.env.ref("base.user_admin")).action_run()
        # Started once the form listens: the form first shows the run as it was, then must follow by itself.
        worker = WorkerWhenFormListens(self, run)
        worker.start()

        self.start_tour(
            f"/odoo/action-einvoice_receivables.action_mass_invoice_run/{run.id}",
            "mass_invoice_live_progress",
            login="admin",
        )

        self.assertEqual(worker.result(), (2, 0), "both recipients were processed by the worker, not by the form")
        self.assertEqual(run.state, "done")
