import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("sale_service_contract_invoicing_service_contract_periods", {
    steps: () => [
        {
            content: "On a contract order the contract invoices are the primary button, Odoo's Create Invoice beside it",
            trigger: ".o_statusbar_buttons button.btn-primary[name=action_create_service_invoices]",
            run() {
                const primaries = [...document.querySelectorAll(".o_statusbar_buttons button.btn-primary")];
                if (primaries.length !== 1) {
                    throw new Error(`One primary button expected, found ${primaries.length}`);
                }
                if (!document.querySelector(".o_statusbar_buttons button#create_invoice_contract_order:not(.btn-primary)")) {
                    throw new Error("Odoo's Create Invoice expected as a secondary button");
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
