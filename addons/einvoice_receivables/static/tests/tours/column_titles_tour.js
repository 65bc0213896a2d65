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

function titlesStep(onlyAdded) {
    return {
        content: onlyAdded ? "The added columns show their titles whole" : "Every column shows its title whole",
        trigger: ".o_list_view .o_data_row",
        run() {
            const checked = [];
            const cut = [];
            for (const th of document.querySelectorAll(".o_list_view thead th[data-name]")) {
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
                throw new Error("No column to check");
            }
            if (cut.length) {
                throw new Error(`Cut column titles at ${window.innerWidth}px: ${cut.join(", ")}`);
            }
        },
    };
}

registry.category("web_tour.tours").add("einvoice_receivables_titles_all", { steps: () => [titlesStep(false)] });
registry.category("web_tour.tours").add("einvoice_receivables_titles_added", { steps: () => [titlesStep(true)] });
