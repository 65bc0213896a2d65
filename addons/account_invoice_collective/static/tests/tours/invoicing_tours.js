import { registry } from "@web/core/registry";

/**
 * A step that fails unless the address becomes a record of the Collective Invoices action
 * within two seconds (Odoo's router updates the address shortly after the view is shown).
 */
function collectiveInvoiceUrl(content) {
    const recordUrl = /^\/odoo\/collective-invoices\/\d+$/;
    return {
        content,
        trigger: ".o_form_view",
        async run() {
            for (let tries = 0; tries < 20 && !recordUrl.test(window.location.pathname); tries++) {
                await new Promise((resolve) => setTimeout(resolve, 100));
            }
            if (!recordUrl.test(window.location.pathname)) {
                throw new Error(`A collective invoice's address expected, found ${window.location.pathname}`);
            }
        },
    };
}

registry.category("web_tour.tours").add("account_invoice_collective_collective_merge", {
    steps: () => [
        {
            content: "Find the customer's draft invoices",
            trigger: ".o_searchview_input",
            run: "edit Tour Merge Customer",
        },
        {
            content: "Search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Only that customer's two drafts are listed",
            trigger: ".o_list_view:not(:has(.o_data_row:nth-child(3))) .o_data_row:contains('Tour Merge Customer')",
        },
        {
            content: "Going out by email, they show no e-invoice icon (no button that reads as Send)",
            trigger:
                ".o_list_view:has(.o_data_row:contains('Tour Merge Customer')):not(:has(td[name=einvoice_outgoing] button))",
        },
        {
            content: "Select them all",
            trigger: "thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the Actions menu",
            trigger: ".o_control_panel .o_cp_action_menus button:contains('Actions')",
            run: "click",
        },
        {
            content: "Merge into Collective Invoice",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains('Merge into Collective Invoice')",
            run: "click",
        },
        {
            content: "The dialog has one primary button",
            // `:only`: one visible primary button in the footer (Odoo keeps a hidden default one there)
            trigger: ".modal .modal-footer:has(.btn-primary:visible:only) .btn-primary[name=action_merge]",
        },
        {
            content: "Confirm the merge",
            trigger: ".modal button[name=action_merge]",
            run: "click",
        },
        {
            content: "The chatter names the merged drafts by customer, date, origin and amount",
            trigger:
                ".o-mail-Message-body:contains('Collective invoice merged from:'):contains('Tour Merge Customer, 07/01/2026, TOUR-ORIGIN-1')",
        },
        {
            content: "Never an empty list of numbers",
            trigger: ".o-mail-Message-body:contains('Collective invoice merged from:'):not(:contains('from , '))",
        },
    ],
});

registry.category("web_tour.tours").add("account_invoice_collective_collective_list", {
    steps: () => [
        {
            content: "The list names the customer column Customer",
            trigger: ".o_list_view thead th[data-name=partner_id]:contains('Customer')",
        },
        {
            content: "A draft collective invoice shows a number in the Number column",
            trigger:
                ".o_data_row:contains('Tour Collective Customer') td[name=display_name]:contains('Draft Invoice')",
            run: "click",
        },
        collectiveInvoiceUrl("Its form has the Collective Invoices address"),
        {
            content: "Reload the page",
            trigger: ".o_field_widget[name=partner_id] input:value('Tour Collective Customer')",
            run() {
                window.location.reload();
            },
            expectUnloadPage: true,
        },
        {
            content: "After the reload, the same collective invoice, under Collective Invoices",
            trigger: ".o_breadcrumb:contains('Collective Invoices')",
        },
        {
            content: "Still the same customer's collective invoice",
            trigger: ".o_field_widget[name=partner_id] input:value('Tour Collective Customer')",
        },
        collectiveInvoiceUrl("Still the Collective Invoices address"),
        {
            content: "Open the invoices merged into it",
            trigger: ".oe_stat_button:contains('Merged Invoices')",
            run: "click",
        },
        {
            content: "The merged invoices list shows the customer",
            trigger: ".o_list_view thead th[data-name=invoice_partner_display_name]:contains('Customer')",
        },
        {
            content: "and the invoice date",
            trigger: ".o_list_view thead th[data-name=invoice_date]:contains('Invoice Date')",
        },
        {
            content: "Both merged invoices, with their customer and date",
            trigger:
                ".o_list_view:has(.o_data_row:contains('Tour Collective Customer'):contains('07/01/2026')) .o_data_row:contains('Tour Collective Customer'):contains('09/01/2026')",
        },
        {
            content: "Open a merged invoice",
            trigger: ".o_list_view .o_data_row:contains('07/01/2026') td.o_data_cell:first",
            run: "click",
        },
        {
            content: "It says where it was merged into, and offers no Reset to Draft (which would be refused)",
            trigger:
                ".o_form_view:has(.alert:contains('was merged into the collective invoice')) .o_statusbar_buttons:not(:has(button[name=button_draft]))",
        },
        {
            // Odoo folds the first of four breadcrumbs into "...": go back one level first.
            content: "Back to the merged invoices",
            trigger: ".o_breadcrumb a:contains('Merged Invoices')",
            run: "click",
        },
        {
            content: "Back to the Collective Invoices list",
            trigger: ".o_breadcrumb a:contains('Collective Invoices')",
            run: "click",
        },
        {
            // Until the breadcrumb shows it alone, New would still be the merged invoices' list's.
            content: "The Collective Invoices list is shown",
            trigger: ".o_breadcrumb .active:contains('Collective Invoices')",
        },
        {
            content: "Create a new one from the list",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Choose its customer",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: "edit Tour New Collective Customer",
        },
        {
            content: "Pick the customer",
            trigger: ".o-autocomplete--dropdown-item:contains('Tour New Collective Customer')",
            run: "click",
        },
        {
            content: "Save it",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
        collectiveInvoiceUrl("The new invoice has the Collective Invoices address"),
        {
            content: "Back to the list",
            trigger: ".o_breadcrumb a:contains('Collective Invoices')",
            run: "click",
        },
        {
            content: "The new collective invoice is listed, with its draft number",
            trigger:
                ".o_data_row:contains('Tour New Collective Customer') td[name=display_name]:contains('Draft Invoice')",
        },
    ],
});
