"""Letters of a run against the snailmail test server with a credit balance: refused for credit, printed at
once after a top-up (Process Now or the next cron run), made drafts at the first refusal, or kept drafts
without a number when the balance tells beforehand that the credit is short; a waiting letter says why."""

from odoo.addons.account_mass_invoicing.tests.mass_invoice_workers import in_worker_thread
from odoo.tests import tagged

from .common import MassInvoiceLettersCase, process_all, with_pdf

WAITING = "No postal credit: waiting for top-up."
DRAFTED = "No postal credit: made a draft instead of waiting. The draft keeps its invoice number {}."
NEVER_POSTED = "No postal credit: kept as a draft without an invoice number instead of waiting."


@tagged("post_install", "-at_install")
class TestMassInvoiceLetters(MassInvoiceLettersCase):
    def setUp(self):
        super().setUp()
        self.snailmail.credit = 0
        self.snailmail.balance_readable = True
        self.snailmail.requests.clear()
        self.snailmail.printed.clear()

        def close_earlier_runs(env):
            # The credit is the company's: letters of an earlier test must not wait beside this test's.
            env["snailmail.letter"].search(
                [("company_id", "=", self.company_id), ("state", "in", ("pending", "error"))]
            ).cancel()
            env["mass.invoice.run"].search([("company_id", "=", self.company_id), ("state", "=", "running")]).write(
                {"state": "done"}
            )

        self._read(close_earlier_runs)

    def _start(self, count, started=True, **values):
        def start(env):
            be = env.ref("base.be")
            address = {"zip": "1000", "city": "Bruxelles", "country_id": be.id, "_method": "snailmail"}
            members = [
                {"name": f"Letter Member {self._testMethodName} {n}", "street": f"Rue {n}", **address}
                for n in range(count)
            ]
            return self._members_run(env, members, ["post"], started=started, **values)[0].id

        return self._read(start)

    def _run_outcome(self, run_id):
        def read(env):
            run = env["mass.invoice.run"].browse(run_id)
            return run.state, [
                {
                    "state": r.state,
                    "letter": (r.letter_id.state, r.letter_id.error_code),
                    "letters": len(r._mass_invoice_letters()),
                    "invoice": (
                        r.move_id.state,
                        r.move_id.name not in (False, "/"),
                        r.move_id.is_move_sent,
                        r.move_id.name,
                    ),
                    "attempts": [(a.method, a.result, a.reason or "") for a in r.attempt_ids],
                    "letter_id": r.letter_id.id,
                    "reason": r.last_error or "",
                }
                for r in run.recipient_ids
            ]

        return self._read(read)

    def _print_calls(self):
        return sum(1 for path, _payload in self.snailmail.requests if path == "/iap/snailmail/1/print")

    def test_letter_refused_for_credit_waits_then_process_now_sends_it_at_once(self):
        run_id = self._start(1)
        in_worker_thread(self.registry, lambda env: process_all(env, run_ids=[run_id]))

        run_state, [recipient] = self._run_outcome(run_id)
        self.assertEqual(run_state, "running")
        self.assertEqual(recipient["state"], "waiting_credit")
        self.assertEqual(recipient["letter"], ("error", "CREDIT_ERROR"), "the service itself refused this letter")
        self.assertEqual(recipient["attempts"], [("post", "waiting", ""), ("post", "waiting", WAITING)])
        self.assertFalse(self.snailmail.printed)

        self.snailmail.credit = 5  # topped up; Odoo's hourly snailmail run has not come yet
        in_worker_thread(
            self.registry, lambda env: with_pdf(env)["mass.invoice.run"].browse(run_id).action_process_now()
        )

        run_state, [recipient] = self._run_outcome(run_id)
        self.assertEqual((run_state, recipient["state"], recipient["letter"]), ("done", "delivered", ("sent", False)))
        self.assertEqual(recipient["attempts"][-1][:2], ("post", "delivered"))
        self.assertEqual(self.snailmail.printed, [recipient["letter_id"]], "printed once, when the credit was there")

    def test_a_top_up_is_noticed_by_the_next_cron_run(self):
        run_id = self._start(2)
        in_worker_thread(self.registry, lambda env: process_all(env, run_ids=[run_id]))
        self.assertEqual([r["state"] for r in self._run_outcome(run_id)[1]], ["waiting_credit"] * 2)
        self.assertEqual(self._print_calls(), 1, "the first letter refused: the other is not sent to be refused")

        self.snailmail.credit = 5
        in_worker_thread(self.registry, lambda env: with_pdf(env)["mass.invoice.run"]._cron_mass_invoice())

        run_state, recipients = self._run_outcome(run_id)
        self.assertEqual(run_state, "done", "one run of the cron sends the letters and records their outcome")
        self.assertEqual([r["state"] for r in recipients], ["delivered"] * 2)
        printed = [self.snailmail.printed.count(r["letter_id"]) for r in recipients]
        self.assertEqual(printed, [1, 1], "each printed once")

    def test_no_credit_makes_drafts_of_all_letters_at_the_first_refusal(self):
        self.snailmail.balance_readable = False  # the shortage is not known before posting
        run_id = self._start(3, no_credit_wait=True)
        in_worker_thread(self.registry, lambda env: process_all(env, run_ids=[run_id]))

        run_state, recipients = self._run_outcome(run_id)
        self.assertEqual(run_state, "done", "no letter is left to wait for the next snailmail run")
        self.assertEqual(self._print_calls(), 1, "one refusal decides for all the letters the credit cannot cover")
        for recipient in recipients:
            self.assertEqual(recipient["state"], "draft")
            self.assertEqual(recipient["letter"], ("canceled", False))
            number = recipient["invoice"][3]
            self.assertTrue(recipient["invoice"][1], "posted before the letter was refused: it has its number")
            self.assertEqual(
                recipient["attempts"], [("post", "waiting", ""), ("post", "draft", DRAFTED.format(number))]
            )
            self.assertEqual(recipient["invoice"][0], "draft")
            self.assertFalse(recipient["invoice"][2], "a draft of the run is not marked sent")

    def test_letters_the_known_credit_cannot_cover_stay_drafts_without_a_number(self):
        self.snailmail.credit = 1  # the balance tells before posting: one letter of three
        run_id = self._start(3, no_credit_wait=True)
        in_worker_thread(self.registry, lambda env: process_all(env, run_ids=[run_id]))

        run_state, [sent, *kept] = self._run_outcome(run_id)
        self.assertEqual(run_state, "done")
        self.assertEqual((sent["state"], sent["letter"]), ("delivered", ("sent", False)))
        self.assertEqual(self.snailmail.printed, [sent["letter_id"]])
        for recipient in kept:
            self.assertEqual(recipient["state"], "draft")
            self.assertEqual(recipient["invoice"][:3], ("draft", False, False), "never posted: no number, not sent")
            self.assertEqual(recipient["letters"], 0, "no letter made")
            self.assertEqual(recipient["attempts"], [("post", "draft", NEVER_POSTED)])
            self.assertEqual(recipient["reason"], NEVER_POSTED)
        self.assertEqual(self._print_calls(), 1, "no letter was sent to the service to be refused")

    def test_a_waiting_letter_shows_its_own_reason_on_the_recipient(self):
        run_id = self._start(1)

        def invoice_paper(paper_id):
            def write(env):
                report = env.ref("account.account_invoices")
                previous = report.paperformat_id.id
                report.paperformat_id = paper_id
                return previous

            return write

        # Odoo's snailmail makes letters on A4 only: on US Letter it refuses to make this one.
        before = self._read(invoice_paper(self._read(lambda env: env.ref("base.paperformat_us").id)))
        self.addCleanup(self._read, invoice_paper(before))
        in_worker_thread(self.registry, lambda env: process_all(env, run_ids=[run_id]))
        [recipient] = self._run_outcome(run_id)[1]
        self.assertEqual(recipient["state"], "letter")
        self.assertEqual(recipient["reason"], "The letter cannot be printed: Please use an A4 Paper format.")
        self.assertFalse(self._print_calls())

        # On A4, the postal service refuses it for credit: it waits for a top-up, and says so.
        self._read(invoice_paper(before))
        in_worker_thread(self.registry, lambda env: process_all(env, run_ids=[run_id]))
        [recipient] = self._run_outcome(run_id)[1]
        self.assertEqual((recipient["state"], recipient["reason"]), ("waiting_credit", WAITING))

    def test_the_summary_names_the_letters_and_what_the_postal_credit_covers(self):
        run_id = self._start(3, started=False)
        self.snailmail.credit = 1

        def summaries(env):
            env.registry.clear_cache()  # no balance read by an earlier test
            run = env["mass.invoice.run"].browse(run_id)
            texts = [run.summary_postal_credit]
            run.no_credit_wait = True
            texts.append(run.summary_postal_credit)
            self.snailmail.balance_readable = False
            run.invalidate_recordset(["summary_postal_credit"])
            texts.append(run.summary_postal_credit)  # read again within the minute: the balance read above
            env.registry.clear_cache()  # a minute later
            run.invalidate_recordset(["summary_postal_credit"])
            texts.append(run.summary_postal_credit)
            env.cr.rollback()
            return texts

        texts = in_worker_thread(self.registry, summaries)
        self.assertEqual(
            texts,
            [
                "3 letters; credit for 1: 2 will wait for a top-up.",
                "3 letters; credit for 1: 2 will be drafts.",
                "3 letters; credit for 1: 2 will be drafts.",
                "3 letters; the postal credit cannot be read now.",
            ],
        )
        balance_reads = [path for path, _payload in self.snailmail.requests if path == "/iap/1/balance"]
        self.assertEqual(len(balance_reads), 2, "the balance is asked once a minute, not on every read of the form")

    def test_a_started_run_does_not_ask_the_postal_credit(self):
        run_id = self._start(2)

        def summary(env):
            env.registry.clear_cache()
            run = env["mass.invoice.run"].browse(run_id)
            return run.summary_letter_count, run.summary_postal_credit

        # In a worker thread: Odoo's IAP client would not call the service from the test thread.
        found = in_worker_thread(self.registry, summary)
        self.assertEqual(found, (0, False), "its outcome tells what happened instead")
        self.assertFalse(self.snailmail.requests)
