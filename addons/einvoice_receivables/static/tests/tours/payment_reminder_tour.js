import { registry } from "@web/core/registry";

const year = String(new Date().getFullYear());
const row = ".o_field_widget[name='line_ids'] .o_data_row:contains('Tour Debtor')";

registry.category("web_tour.tours").add("payment_reminder_tour", {
    steps: () => [
        {
            content: "The totals list the late customer",
            trigger: `${row} td[name='overdue_amount']:contains('700.00')`,
        },
        {
            content: "Select the late customers",
            trigger: "button[name='action_select_late']",
            run: "click",
        },
        {
            content: "The late customer is ticked",
            trigger: `${row} td[name='selected'] input:checked`,
        },
        {
            content: "The customer who is not late yet is not",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains('Tour Early Payer') td[name='selected'] input:not(:checked)",
        },
        {
            content: "Send the payment reminders",
            trigger: "button[name='action_send']",
            run: "click",
        },
        {
            content: "One reminder went out",
            trigger: ".o_field_widget[name='summary']:contains('Payment reminders sent: 1')",
        },
        {
            content: "The totals show the date of the last reminder",
            trigger: `${row} td[name='last_reminder_date']:contains('${year}')`,
        },
        {
            content: "Show the customer's invoices and correspondence",
            trigger: `${row} button[name='action_show_customer']`,
            run: "click",
        },
        {
            content: "The unpaid invoice is listed",
            trigger: ".o_field_widget[name='invoice_ids'] .o_data_row",
        },
        {
            content: "The emailed reminder is in the correspondence, with its envelope icon",
            trigger: ".o_field_widget[name='reminder_ids'] .o_data_row button[name='action_edit'] .fa-envelope",
        },
        {
            content: "Show the totals full width",
            trigger: "button[name='action_toggle_full_width']:contains('Totals only')",
            run: "click",
        },
        {
            content: "The side lists are gone",
            trigger: ".o_form_view:not(:has(.o_field_widget[name='reminder_ids']))",
        },
    ],
});
