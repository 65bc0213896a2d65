import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("mass_invoice_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("account.menu_finance", "Open Invoicing"),
        {
            content: "Open Invoicing > Customers",
            trigger: "button[data-menu-xmlid='account.menu_finance_receivables']",
            run: "click",
        },
        {
            content: "Open Mass Invoicing",
            trigger: "[data-menu-xmlid='account_mass_invoicing.menu_mass_invoice_run']",
            run: "click",
        },
        {
            // The menu's click answers before the list replaces the invoices: wait for it, or New
            // would create an invoice.
            content: "The Mass Invoicing list is shown",
            trigger: ".o_breadcrumb .active:contains('Mass Invoicing')",
        },
        {
            content: "Start a new run",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_form_view:has(.o_field_widget[name='include_category_ids']) .o_field_widget[name='name'] input",
            run: "edit Tour membership fee",
        },
        // 1. Recipients: one tag included, one excluded.
        {
            content: "Include the members",
            trigger: ".o_field_widget[name='include_category_ids'] input",
            run: "edit Tour Members",
        },
        {
            content: "Pick the members tag",
            trigger: ".o_field_widget[name='include_category_ids'] .o-autocomplete--dropdown-item a:contains('Tour Members')",
            run: "click",
        },
        {
            content: "The live count: the club (company and its tagged contact, once), the member, the honorary member",
            trigger: ".o_field_widget[name='preview_count']:contains('3')",
        },
        {
            content: "Exclude the honorary members",
            trigger: ".o_field_widget[name='exclude_category_ids'] input",
            run: "edit Tour Honorary",
        },
        {
            content: "Pick the honorary tag",
            // In the exclude field's own list: the include field's may still be open.
            trigger: ".o_field_widget[name='exclude_category_ids'] .o-autocomplete--dropdown-item a:contains('Tour Honorary')",
            run: "click",
        },
        {
            content: "The live count drops to two",
            trigger: ".o_field_widget[name='preview_count']:contains('2')",
        },
        {
            content: "The preview lists the club once",
            trigger:
                ".o_field_widget[name='preview_partner_ids'] .o_data_row:contains('Tour Club'):not(:contains('Treasurer'))",
        },
        {
            content: "and not the honorary member",
            trigger:
                ".o_field_widget[name='preview_partner_ids']:has(.o_data_row:contains('Tour Member Two')):not(:has(.o_data_row:contains('Honorary')))",
        },
        {
            content: "Save the run: its delivery methods are stored now",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_breadcrumb .active:contains('Tour membership fee')",
        },
        // 2. Delivery: the chain, rearranged by its drag handle.
        {
            content: "The delivery step",
            trigger: "a.nav-link:contains('2. Delivery')",
            run: "click",
        },
        {
            content: "Save as draft ends the chain",
            trigger: ".o_field_widget[name='delivery_method_ids'] .o_data_row:last-child:contains('Save as draft')",
        },
        {
            content: "Drag Post to the top of the chain",
            trigger: ".o_field_widget[name='delivery_method_ids'] .o_data_row:contains('Post') .o_row_handle",
            run: "drag_and_drop .o_field_widget[name='delivery_method_ids'] .o_data_row:first-child",
        },
        {
            content: "Post is tried first now",
            trigger: ".o_field_widget[name='delivery_method_ids'] .o_data_row:first-child:contains('Post')",
        },
        {
            content: "Save: the server has the new order before the next drag (its answer re-renders the list)",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
        {
            content: "Drag Save as draft up to the second place",
            trigger: ".o_field_widget[name='delivery_method_ids'] .o_data_row:contains('Save as draft') .o_row_handle",
            run: "drag_and_drop .o_field_widget[name='delivery_method_ids'] .o_data_row:nth-child(2)",
        },
        {
            content: "The methods below it are greyed at once: never tried",
            trigger:
                ".o_field_widget[name='delivery_method_ids'] .o_data_row:nth-child(2):contains('Save as draft') ~ .o_data_row.text-muted:contains('Email')",
        },
        {
            content: "Save: the server has the new order before the next drag (its answer re-renders the list)",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
        {
            content: "Drag Email back above Save as draft",
            trigger: ".o_field_widget[name='delivery_method_ids'] .o_data_row:contains('Email') .o_row_handle",
            run: "drag_and_drop .o_field_widget[name='delivery_method_ids'] .o_data_row:nth-child(2)",
        },
        {
            content: "Email is active at once, before the form is saved; the methods below Save as draft stay greyed",
            trigger:
                ".o_field_widget[name='delivery_method_ids']:has(.o_data_row:nth-child(2):contains('Email'):not(.text-muted)):has(.o_data_row:nth-child(3):contains('Save as draft'):not(.text-muted)):has(.o_data_row:nth-child(4).text-muted)",
        },
        {
            content: "Save: the server has the new order before the next drag (its answer re-renders the list)",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view:not(:has(.o_form_button_save:visible))",
        },
        // 3. Document
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
            content: "Leave the line",
            trigger: ".o_form_sheet .oe_subtotal_footer",
            run: "click",
        },
        {
            content: "Each invoice totals 300",
            trigger: ".o_field_widget[name='amount_total']:contains('300')",
        },
        // 5. Summary, then Run
        {
            content: "The summary step",
            trigger: "a.nav-link:contains('5. Summary')",
            run: "click",
        },
        {
            content: "Total of the run: two invoices",
            trigger: ".o_field_widget[name='summary_amount_total']:contains('600')",
        },
        {
            content: "The chain as it will be tried",
            trigger: ".o_field_widget[name='summary_methods']:contains('Post'):contains('Save as draft')",
        },
        {
            content: "One customer has no email",
            trigger: ".o_field_widget[name='summary_no_email_count']:contains('1')",
        },
        {
            content: "Neither has a postal address",
            trigger: ".o_field_widget[name='summary_no_address_count']:contains('2')",
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
        // The cron does this in the background; "Process Now" runs one batch in the request.
        {
            content: "Invoice the recipients now",
            trigger: "button[name='action_process_now']",
            run: "click",
        },
        {
            content: "The member without any address is saved as a draft right away",
            trigger: ".o_field_widget[name='draft_count']:contains('1')",
        },
        {
            content: "Deliver the club's invoice now",
            trigger: "button[name='action_process_now']",
            run: "click",
        },
        {
            content: "Done",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Done')",
        },
        // The outcome, per recipient
        {
            content: "The outcome step",
            trigger: "a.nav-link:contains('Outcome')",
            run: "click",
        },
        {
            content: "The club's invoice went by email",
            trigger:
                ".o_field_widget[name='recipient_ids'] .o_data_row:contains('Tour Club') td[name='delivered_method']:contains('Email')",
        },
        {
            content: "The member's invoice is a draft",
            trigger:
                ".o_field_widget[name='recipient_ids'] .o_data_row:contains('Tour Member Two') td[name='state']:contains('Saved as Draft')",
        },
        {
            content: "Open the recipients",
            trigger: "button[name='action_view_recipients']",
            run: "click",
        },
        {
            content: "Grouped by outcome",
            trigger: ".o_group_header:contains('Saved as Draft')",
            run: "click",
        },
        {
            content: "Open the draft",
            trigger: ".o_data_row:contains('Tour Member Two') td[name='partner_id']",
            run: "click",
        },
        {
            content: "Each attempt and why it failed",
            trigger:
                ".o_field_widget[name='attempt_ids'] .o_data_row:first-child:contains('Post'):contains('no complete postal address')",
        },
        {
            content: "Back to the overview of all runs: Customers",
            trigger: "button[data-menu-xmlid='account.menu_finance_receivables']",
            run: "click",
        },
        {
            content: "Mass Invoicing",
            trigger: "[data-menu-xmlid='account_mass_invoicing.menu_mass_invoice_run']",
            run: "click",
        },
        {
            content: "The overview lists the run with its outcome",
            trigger:
                ".o_data_row:contains('Tour membership fee'):has(td[name='delivered_count']:contains('1')):has(td[name='draft_count']:contains('1'))",
        },
    ],
});
