from odoo.addons.bus.models.bus import channel_with_db, dispatch, hashable
from odoo.addons.bus.tests.common import WebsocketCase
from odoo.tests import new_test_user, tagged

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
            f"/odoo/action-account_mass_invoicing.action_mass_invoice_run/{run.id}",
            "mass_invoice_live_progress",
            login="admin",
        )

        self.assertEqual(worker.result(), (2, 0), "both recipients were processed by the worker, not by the form")
        self.assertEqual(run.state, "done")

    def test_only_users_who_may_read_the_run_hear_of_its_progress(self):
        chart_of_accounts(self.env)
        tag, _customers = members(self.env, "Heard Members", {"name": "Heard Member"})
        run = club_run(self.env, tag)
        other_company = self.env["res.company"].create({"name": "Another Club"})
        new_test_user(
            self.env,
            login="other_club_billing",
            password="other_club_billing",
            groups="account.group_account_invoice",
            company_id=other_company.id,
            company_ids=[other_company.id],
        )
        listeners = dispatch._channels_to_ws.setdefault(hashable(channel_with_db(self.registry.db_name, run)), set())

        for login, hears in (("other_club_billing", False), ("admin", True)):
            with self.subTest(login=login):
                session = self.authenticate(login, login)
                websocket = self.websocket_connect(cookie=f"session_id={session.sid};")
                self.subscribe(websocket, [f"mass.invoice.run_{run.id}"], self.env["bus.bus"]._bus_last_id())
                self.assertEqual(bool(listeners), hears)
