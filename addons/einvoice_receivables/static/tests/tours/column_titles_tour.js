import { registry } from "@web/core/registry";

// The columns these add-ons put into Odoo's own lists (invoices, customers).
const ADDED_COLUMNS = new Set([
    "send_date",
    "auto_send_state",
    "auto_send_due",
    "auto_send_error",
    "einvoice_outgoing",
    "einvoice_recipient_state",
    "einvoice_network",
    "einvoice_identifier",
    "einvoice_checked_at",
]);

/** Throws when a column title of the lists under `scope` is cut; `onlyAdded`: only the ADDED_COLUMNS. */
function checkTitles(scope, onlyAdded = false) {
    const checked = [];
    const cut = [];
    for (const th of document.querySelectorAll(`${scope} thead th[data-name]`)) {
        if (onlyAdded && !ADDED_COLUMNS.has(th.dataset.name)) {
            continue;
        }
        const title = th.querySelector("span.text-truncate");
        if (!title) {
            continue; // a column without a title (the drag handle)
        }
        checked.push(th.dataset.name);
        if (title.scrollWidth > title.clientWidth) {
            cut.push(`${title.textContent.trim()} (${th.dataset.name}: ${title.scrollWidth}>${title.clientWidth}px)`);
        }
    }
    if (!checked.length) {
        throw new Error(`No column to check in ${scope}`);
    }
    if (cut.length) {
        throw new Error(`Cut column titles in ${scope} at ${window.innerWidth}px: ${cut.join(", ")}`);
    }
}

function titlesStep(onlyAdded) {
    return {
        content: onlyAdded ? "The added columns show their titles whole" : "Every column shows its title whole",
        trigger: ".o_list_view .o_data_row",
        run: () => checkTitles(".o_list_view", onlyAdded),
    };
}

/** Opens a tab of the form and checks the titles of the list of `field` on it. */
function tabTitlesSteps(tab, field) {
    const scope = `.o_field_widget[name='${field}']`;
    return [
        { content: `Open the ${tab} tab`, trigger: `.o_notebook_headers a[name='${tab}']`, run: "click" },
        { content: `Every title of ${field} reads whole`, trigger: `${scope} .o_data_row`, run: () => checkTitles(scope) },
    ];
}

registry.category("web_tour.tours").add("einvoice_receivables_titles_all", { steps: () => [titlesStep(false)] });
registry.category("web_tour.tours").add("einvoice_receivables_titles_added", { steps: () => [titlesStep(true)] });

// Mass invoicing: a started run's form (its lists on each tab), a draft run's recipients preview, the list of a
// run's recipients (grouped by outcome), a recipient's attempts.
registry.category("web_tour.tours").add("einvoice_receivables_titles_mass_invoice_run", {
    steps: () => [
        ...tabTitlesSteps("delivery", "delivery_method_ids"),
        ...tabTitlesSteps("document", "line_ids"),
        ...tabTitlesSteps("files", "attachment_ids"),
        ...tabTitlesSteps("outcome", "recipient_ids"),
        {
            content: "Open a recipient",
            trigger: ".o_field_widget[name='recipient_ids'] .o_data_row td[name='partner_id']",
            run: "click",
        },
        {
            content: "Its attempts, each title whole",
            trigger: ".modal .o_field_widget[name='attempt_ids'] .o_data_row",
            run: () => checkTitles(".modal .o_field_widget[name='attempt_ids']"),
        },
        { content: "Close it", trigger: ".modal .btn-close", run: "click" },
        {
            content: "The run's recipients",
            trigger: ".o_form_view:not(:has(.modal)) button[name='action_view_recipients']",
            run: "click",
        },
        { content: "Open the outcome groups", trigger: ".o_list_view .o_group_header", run: "click" },
        titlesStep(false),
        { content: "Open a recipient", trigger: ".o_list_view .o_data_row td[name='partner_id']", run: "click" },
        {
            content: "Its attempts on its own page, each title whole",
            trigger: ".o_form_view .o_field_widget[name='attempt_ids'] .o_data_row",
            run: () => checkTitles(".o_form_view .o_field_widget[name='attempt_ids']"),
        },
    ],
});
registry.category("web_tour.tours").add("einvoice_receivables_titles_mass_invoice_draft", {
    steps: () => tabTitlesSteps("recipients", "preview_partner_ids"),
});
