import { registry } from "@web/core/registry";

/** Fails unless every column title of the list in `root` is shown whole. */
function assertTitlesWhole(root) {
    for (const title of root.querySelectorAll("thead th .o_column_title, thead th span")) {
        if (title.scrollWidth > title.clientWidth + 1) {
            throw new Error(`Column title cut: "${title.textContent.trim()}"`);
        }
    }
}

registry.category("web_tour.tours").add("sale_service_contract_invoicing_contract_buttons_de", {
    steps: () => [
        {
            content: "Vertragsrechnungen erstellen is the order's one primary button",
            trigger: ".o_statusbar_buttons button.btn-primary[name=action_create_service_invoices]:contains('Vertragsrechnungen erstellen')",
            run() {
                const primaries = document.querySelectorAll(".o_statusbar_buttons button.btn-primary");
                if (primaries.length !== 1) {
                    throw new Error(`One primary button expected, found ${primaries.length}`);
                }
            },
        },
        {
            content: "Odoo's Rechnung erstellen stays beside it, secondary",
            trigger: ".o_statusbar_buttons button.btn-secondary#create_invoice_contract_order:contains('Rechnung erstellen')",
        },
        {
            content: "Create the contract invoices",
            trigger: ".o_statusbar_buttons button[name=action_create_service_invoices]",
            run: "click",
        },
        {
            content: "The invoices of the contract are listed",
            trigger: ".o_list_view .o_data_row:contains('01.03.2027')",
        },
    ],
});

registry.category("web_tour.tours").add("sale_service_contract_invoicing_send_date_dialog_de", {
    url: "/odoo",
    steps: () => [
        {
            content: "After login the dialog names each collective invoice: number, customer, period, amount",
            trigger: ".modal .o_data_row:contains('Tour Kunde'):contains('01.01.2027 - 30.06.2027'):contains('1.500,00')",
            run() {
                const modal = this.anchor.closest(".modal");
                const titles = [...modal.querySelectorAll("thead th")].map((th) => th.textContent.trim());
                for (const title of ["Nummer", "Kunde", "Zeitraum", "Betrag", "Versanddatum"]) {
                    if (!titles.includes(title)) {
                        throw new Error(`Column ${title} expected, found: ${titles.join(", ")}`);
                    }
                }
                const number = this.anchor.querySelector("td[name=collective_number]").textContent.trim();
                if (!/^\(\* \d+\)$/.test(number)) {
                    throw new Error(`A draft's reference expected as its number, found "${number}"`);
                }
                assertTitlesWhole(modal);
            },
        },
        {
            content: "The send date is the widest column and shows an input on every line",
            trigger: ".modal .o_data_row td.o_data_cell[name=send_date]",
            run() {
                const sendDate = this.anchor.closest("table").querySelector("th[data-name=send_date]");
                for (const th of this.anchor.closest("table").querySelectorAll("thead th[data-name]")) {
                    if (th !== sendDate && th.offsetWidth > sendDate.offsetWidth) {
                        throw new Error(`${th.dataset.name} is wider than the send date`);
                    }
                }
                const cell = getComputedStyle(this.anchor);
                if (!cell.boxShadow.includes("inset") || getComputedStyle(this.anchor, "::after").content === "none") {
                    throw new Error("The send date cell shows no input box");
                }
            },
        },
        {
            content: "Set the send date",
            trigger: ".modal .o_data_row td.o_data_cell[name=send_date]",
            run: "click",
        },
        {
            content: "Type it",
            trigger: ".modal .o_data_row .o_field_widget[name=send_date] input",
            run: "edit 15.01.2030",
        },
        {
            content: "Open the invoice from its line",
            trigger: ".modal .o_data_row button[name=get_formview_action]",
            run: "click",
        },
        {
            content: "The invoice opens; it is sent on the date set, shown as a date without time",
            trigger: ".o_form_view .o_field_widget[name=auto_send_due]:visible",
            run() {
                const shown = this.anchor.textContent.trim();
                if (shown !== "15.01.2030") {
                    throw new Error(`"15.01.2030" expected, found "${shown}"`);
                }
            },
        },
    ],
});
