import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("account_invoice_collective_collective_send_date_reminder", {
    url: "/odoo",
    steps: () => [
        {
            content: "After login, the dialog lists the collective invoice without a send date",
            trigger: ".modal .o_data_row:contains('Tour Customer') .o_data_cell[name=send_date]",
            run: "click",
        },
        {
            content: "Only the listed invoices can be edited: no line to add from other journal entries",
            trigger: ".modal .o_field_widget[name=move_ids]:not(:has(.o_field_x2many_list_row_add))",
        },
        {
            content: "Set its send date",
            trigger: ".modal .o_data_row .o_field_widget[name=send_date] input",
            run: "edit 01/15/2030",
        },
        {
            content: "Save is the dialog's only primary button",
            // `:only`: one visible primary button in the footer (Odoo keeps a hidden default one there)
            trigger: ".modal .modal-footer:has(.btn-primary:visible:only) .btn-primary[name=action_save]",
        },
        {
            content: "Save the send dates",
            trigger: ".modal .modal-footer button[name=action_save]",
            run: "click",
        },
        {
            content: "The dialog closes",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
