import { registry } from "@web/core/registry";

const FORM = ".o_form_view .o_form_sheet";

// The run's form stays open while the scheduled action works in the background (the test's worker thread).
registry.category("web_tour.tours").add("mass_invoice_live_progress", {
    steps: () => [
        {
            content: "The run is running, nothing done yet",
            trigger: `${FORM}:has(.o_field_widget[name='progress'] .o_progress[aria-valuenow='0']):has(.o_field_widget[name='open_count']:contains('2'))`,
        },
        {
            content: "Its status",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Running')",
        },
        {
            content: "Without a reload, the form shows the work done in the background: every recipient has its outcome",
            trigger: `${FORM}:has(.o_field_widget[name='progress'] .o_progress[aria-valuenow='100']):has(.o_field_widget[name='draft_count']:contains('2'))`,
            timeout: 30000,
        },
        {
            content: "and the run is done",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
        {
            content: "The outcome step",
            trigger: "a.nav-link:contains('Outcome')",
            run: "click",
        },
        {
            content: "lists both drafts with their reason",
            trigger:
                ".o_field_widget[name='recipient_ids']:has(.o_data_row:contains('Live Member One') td[name='last_error']:not(:empty)):has(.o_data_row:contains('Live Member Two') td[name='state']:contains('Saved as Draft'))",
        },
    ],
});
