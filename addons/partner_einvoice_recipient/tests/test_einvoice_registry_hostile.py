"""Hostile and broken registry answers: each ends in one clear error on the registry, no status
changed, memory and time bounded, and the next registry of the run still processed."""

import json
import time

from odoo.tests import tagged

from .common import LOGGER, DirectoryCase, EinvoiceRegistryCase
from .registry_servers import INVOICE_DOCTYPE, DirectoryServer, SmpServer, business_cards_xml

MB = 1024 * 1024


def _status_kb(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise LookupError(field)


class MemoryWatch:
    """Peak resident memory of this (the Odoo) process during the block, above where it started."""

    def __enter__(self):
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")  # resets the peak (VmHWM) to the current size
        self.start = _status_kb("VmRSS")
        return self

    def __exit__(self, *exc):
        self.grown_mb = (_status_kb("VmHWM") - self.start) / 1024


def no_participant_xml():
    """160 MB of well-formed business-card XML without a single participant element."""
    yield b'<?xml version="1.0" encoding="UTF-8"?><root xmlns="urn:peppol:schema:pd:businesscard-generic:2025:03">'
    block = b'<businesscard><entity countrycode="BE"><name name="Company"/></entity></businesscard>' * 2000
    for _ in range(160 * MB // len(block)):
        yield block
    yield b"</root>"


def endless_csv_line():
    yield b'"Participant ID";"Names (per-row)"\n"iso6523-actorid-upis::0088:'
    block = b"x" * MB
    for _ in range(100):
        yield block


@tagged("post_install", "-at_install")
class TestHostileDirectory(DirectoryCase):
    def run_with_good_registry_after(self, directory, expected_error, **values):
        """The faulty registry first, a good one after it, in the same run."""
        bad = self.directory_registry(directory, sequence=1, **values)
        with DirectoryServer(business_cards_xml(self.listed)) as good_directory:
            good = self.directory_registry(good_directory, name="Good export", sequence=2)
            started = time.monotonic()
            with self.assertLogs(LOGGER, "ERROR") as logs, MemoryWatch() as memory:
                summary = self.Registry._update_recipients(self.company)
            seconds = time.monotonic() - started
        self.assertEqual(len(logs.output), 1, logs.output)
        self.assertEqual(bad.last_sync_state, "error")
        self.assertIn(expected_error, bad.last_sync_message)
        self.assertEqual(summary["failed"], [f"Peppol Directory: {bad.last_sync_message}"])
        self.assertEqual(good.last_sync_state, "ok", "the next registry of the run was read")
        self.assert_found()
        self.assertLess(memory.grown_mb, 300)
        return seconds

    def test_xml_without_participants_keeps_memory_flat(self):
        with DirectoryServer() as directory:
            directory.mode = "endless"
            directory.endless = no_participant_xml
            # Time enough to read it all on a loaded machine: the end of the stream, not the deadline, is tested.
            self.run_with_good_registry_after(directory, "lists no participant", timeout=120)

    def test_endless_csv_line_is_cut_short(self):
        with DirectoryServer(content_type="text/csv") as directory:
            directory.mode = "endless"
            directory.endless = endless_csv_line
            seconds = self.run_with_good_registry_after(directory, "CSV line longer than 65536")
        self.assertLess(seconds, 10)

    def test_trickling_answer_is_bounded_by_a_total_deadline(self):
        with DirectoryServer() as directory:
            directory.mode = "trickle"
            seconds = self.run_with_good_registry_after(directory, "no complete answer within 3 s", timeout=3)
        self.assertLess(seconds, 8)

    def test_csv_not_in_utf8(self):
        body = '"Participant ID";"Names (per-row)"\n"iso6523-actorid-upis::0088:5790000435951";"Søren"\n'
        with DirectoryServer(body.encode("latin-1"), "text/csv") as directory:
            self.run_with_good_registry_after(directory, "the CSV is not UTF-8")

    def test_json_with_a_bad_escape(self):
        body = json.dumps({"participants": [{"scheme": "iso6523-actorid-upis", "value": "0088:x"}]}).encode()
        body = body.replace(b"0088:x", b"0088:\\x41")
        with DirectoryServer(body, "application/json") as directory:
            self.run_with_good_registry_after(directory, "malformed JSON")

    def test_redirect_to_another_host_is_not_followed(self):
        with DirectoryServer(business_cards_xml(["0088:5790000000001"])) as elsewhere, DirectoryServer() as directory:
            directory.mode = "redirect"
            directory.redirect_to = elsewhere.url + "/export"
            self.run_with_good_registry_after(directory, "another host: not followed")
        self.assertEqual(elsewhere.requests, [])
        self.assertEqual(self.absent.einvoice_recipient_state, "unknown", "the other host's list was not used")

    def test_redirects_within_the_host_are_followed_a_few_times(self):
        with DirectoryServer(business_cards_xml(self.listed)) as directory:
            registry = self.directory_registry(directory, url=directory.url + "/old-export")
            directory.mode = "redirect"
            directory.redirect_to = "/export"
            # The server redirects every path: after 5 redirects, an error.
            with self.assertLogs(LOGGER, "ERROR"):
                self.Registry._update_recipients(self.company)
            self.assertIn("more than 5 redirects", registry.last_sync_message)


@tagged("post_install", "-at_install")
class TestHostileSmp(EinvoiceRegistryCase):
    def edit(self, smp, mode, **registry_values):
        registry = self.smp_registry(smp.url, **registry_values)
        partner = self.peppol_partner("abc")
        partner.sudo().write({"einvoice_recipient_state": "recipient", "einvoice_network": "Peppol"})
        smp.mode = mode
        started = time.monotonic()
        with self.assertLogs(LOGGER, "WARNING") as logs, MemoryWatch() as memory:
            partner.peppol_endpoint = "def"
        seconds = time.monotonic() - started
        self.assertEqual(partner.einvoice_recipient_state, "recipient", "an error is never a 'no'")
        self.assertTrue(partner.einvoice_needs_check)
        self.assertLess(memory.grown_mb, 300)
        return registry, logs.output[0], seconds

    def test_contact_save_with_a_trickling_smp_is_bounded(self):
        with SmpServer({"0088:def": [INVOICE_DOCTYPE]}) as smp:
            _registry, log, seconds = self.edit(smp, "trickle", timeout=30)
        self.assertIn("no complete answer within 5 s", log)
        self.assertLess(seconds, 10)

    def test_dtd_after_a_long_prolog_is_refused(self):
        with SmpServer({"0088:def": [INVOICE_DOCTYPE]}) as smp:
            _registry, log, _seconds = self.edit(smp, "late_dtd")
        self.assertIn("document type declaration", log)

    def test_huge_service_group_is_cut_at_one_megabyte(self):
        with SmpServer({"0088:def": [INVOICE_DOCTYPE]}) as smp:
            _registry, log, seconds = self.edit(smp, "endless")
        self.assertIn(f"answer exceeds the limit of {MB} bytes", log)
        self.assertLess(seconds, 10)
