import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("mass_invoice_tour", {
    steps: () => [
        {
            content: "Open Invoicing > Customers",
            trigger: "button[data-menu-xmlid='account.menu_finance_receivables']",
            run: "click",
        },
        {
            content: "Open Mass Invoicing",
            trigger: "[data-menu-xmlid='einvoice_receivables.menu_mass_invoice_run']",
            run: "click",
        },
        {
            content: "Start a new run",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit Tour membership fee",
        },
        {
            content: "Include the tour members",
            trigger: ".o_field_widget[name='include_category_ids'] input",
            run: "edit Tour Members",
        },
        {
            content: "Pick the tag",
            trigger: ".ui-autocomplete .dropdown-item:contains('Tour Members')",
            run: "click",
        },
        {
            content: "The live count shows both members",
            trigger: ".o_field_widget[name='preview_count']:contains('2')",
        },
        {
            content: "The delivery step lists the chain",
            trigger: "a.nav-link:contains('2. Delivery')",
            run: "click",
        },
        {
            content: "Save as draft ends it",
            trigger: ".o_field_widget[name='delivery_method_ids'] .o_data_row:contains('Save as draft')",
        },
        {
            content: "The document step",
            trigger: "a.nav-link:contains('3. Document')",
            run: "click",
        },
        {
            content: "Add a line",
            trigger: ".o_field_widget[name='line_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Describe it",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row [name='name'] textarea",
            run: "edit Membership fee",
        },
        {
            content: "Price it",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row [name='price_unit'] input",
            run: "edit 300",
        },
        {
            content: "The summary step",
            trigger: "a.nav-link:contains('5. Summary')",
            run: "click",
        },
        {
            content: "Total of the run",
            trigger: ".o_field_widget[name='summary_amount_total']:contains('600')",
        },
        {
            content: "Run it",
            trigger: "button[name='action_run']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "It is running",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Running')",
        },
        {
            content: "Process it now",
            trigger: "button[name='action_process_now']",
            run: "click",
        },
        {
            content: "Done: both saved as drafts (no delivery method could apply)",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
        {
            content: "Back to the overview",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "The overview lists the run with its outcome",
            trigger: ".o_data_row:contains('Tour membership fee') td[name='draft_count']:contains('2')",
        },
    ],
});
