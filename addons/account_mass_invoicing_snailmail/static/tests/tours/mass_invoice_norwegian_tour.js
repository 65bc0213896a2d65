import { registry } from "@web/core/registry";

const FORM = ".o_form_view .o_form_sheet";
const FIELD = (name) => `.o_field_widget[name='${name}']`;

/** A step that asks the test for a screenshot (mass_invoice_screens.screenshots_on_request), then lets it come. */
function screenshotStep(name, trigger) {
    return {
        content: `Screenshot ${name}`,
        trigger,
        async run() {
            console.log(`account_mass_invoicing screenshot ${name}`);
            await new Promise((resolve) => setTimeout(resolve, 1500));
        },
    };
}

function processNow(content, trigger) {
    return [
        { content: "Behandle nå", trigger: "button[name='action_process_now']:contains('Behandle nå')", run: "click" },
        { content, trigger },
    ];
}

registry.category("web_tour.tours").add("mass_invoice_norwegian_tour", {
    steps: () => [
        // 4. Files: the file by its name, to download.
        { content: "Files", trigger: "a.nav-link:contains('4. Filer')", run: "click" },
        {
            content: "The file shows its name, with a download link, not its size",
            trigger: `${FIELD("attachment_ids")} td[name='datas'] a.o_form_uri:has(.fa-download):contains('vedtekter.pdf')`,
        },
        {
            content: "No size where the name belongs",
            trigger: `${FIELD("attachment_ids")}:not(:contains('bytes'))`,
        },
        // 5. Summary, with the postal credit read from the service.
        { content: "Summary", trigger: "a.nav-link:contains('5. Sammendrag')", run: "click" },
        {
            content: "The chain, in Norwegian",
            trigger: `${FIELD("summary_methods")}:contains('Kundens foretrukne metode'):contains('Post (brev)')`,
        },
        {
            content: "Two letters; the credit covers one, the other waits for a top-up",
            trigger: `${FIELD("summary_postal_credit")}:contains('2 brev; kreditt til 1: 1 venter på påfylling.')`,
        },
        {
            content: "One member has no way to be reached but a draft: no email, no postal address",
            trigger: `${FIELD("summary_no_address_count")}:contains('2')`,
        },
        {
            content: "The Run button says what it does",
            trigger: ".o_form_statusbar button[name='action_run']:contains('Opprett og send')",
        },
        screenshotStep("nb_summary", `${FIELD("summary_postal_credit")}:contains('kreditt til 1')`),
        { content: "Create and send", trigger: "button[name='action_run']", run: "click" },
        { content: "Confirm", trigger: ".modal-footer .btn-primary", run: "click" },
        {
            content: "Running, nothing done yet",
            trigger: `.o_form_view:has(.o_statusbar_status .o_arrow_button_current:contains('Kjører')):has(${FIELD("progress")} .o_progress[aria-valuenow='0'])`,
        },
        // The scheduled action does this in the background; Process Now does one batch at a time.
        ...processNow("Invoiced: the member without an address is a draft at once", `${FIELD("draft_count")}:contains('1')`),
        ...processNow(
            "Delivered: the email; the two letters are queued for the postal service",
            `${FORM}:has(${FIELD("delivered_count")}:contains('1')):has(${FIELD("open_count")}:contains('2'))`
        ),
        {
            content: "Progress: two of four have their outcome",
            trigger: `${FIELD("progress")} .o_progress[aria-valuenow='50']`,
        },
        { content: "Outcome", trigger: "a.nav-link:contains('Utfall')", run: "click" },
        {
            content: "The draft, with why",
            trigger: `${FIELD("recipient_ids")} .o_data_row:contains('Per Hansen'):has(td[name='state']:contains('Lagret som utkast')):has(td[name='last_error']:contains('har ingen fullstendig postadresse'))`,
        },
        screenshotStep("nb_outcome", `${FIELD("recipient_ids")} .o_data_row:contains('Per Hansen')`),
    ],
});
