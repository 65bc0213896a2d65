import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("einvoice_receivables_service_contract_periods", {
    steps: () => [
        {
            content: "The order offers its contract invoices next to Odoo's Create Invoice, as a secondary button",
            trigger: ".o_statusbar_buttons button[name=action_create_service_invoices]:not(.btn-primary)",
            run() {
                const primaries = document.querySelectorAll(".o_statusbar_buttons button.btn-primary");
                if (primaries.length !== 1 || !primaries[0].textContent.includes("Create Invoice")) {
                    throw new Error(`One primary button expected (Create Invoice), found ${primaries.length}`);
                }
            },
        },
        {
            content: "Create the contract invoices",
            trigger: ".o_statusbar_buttons button[name=action_create_service_invoices]",
            run: "click",
        },
        {
            content: "Open the invoice of the second period",
            trigger: ".o_list_view .o_data_row:contains('07/01/2026') td.o_data_cell:first",
            run: "click",
        },
        {
            // Odoo's product column shows the product and, in a text box under it, the rest of the
            // line's text: the period is the value of that box, not text of the row.
            content: "Under the product, its line says which period it bills",
            trigger:
                ".o_field_widget[name=invoice_line_ids] .o_data_row:contains('Maintenance visit') textarea:value('07/01/2026-08/31/2026')",
            run() {
                if (this.anchor.value !== "07/01/2026-08/31/2026") {
                    throw new Error(`The period alone expected under the product, found "${this.anchor.value}"`);
                }
            },
        },
    ],
});
