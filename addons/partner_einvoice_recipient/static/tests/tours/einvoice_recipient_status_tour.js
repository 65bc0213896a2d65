import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("einvoice_recipient_status_tour", {
    steps: () => [
        {
            content: "The customers list has an E-invoice column",
            trigger: ".o_list_view th[data-name='einvoice_recipient_state']",
        },
        {
            content: "The customer's status is not known yet",
            trigger: ".o_data_row:contains('Tour Customer') td[name='einvoice_recipient_state']:contains('Unknown')",
        },
        {
            content: "Open Invoicing > Configuration",
            trigger: "button[data-menu-xmlid='account.menu_finance_configuration']",
            run: "click",
        },
        {
            content: "Run the maintenance action",
            trigger: "[data-menu-xmlid='partner_einvoice_recipient.menu_einvoice_recipient_update']",
            run: "click",
        },
        {
            content: "Update now is the dialog's only primary button",
            // `:only`: one visible primary button in the footer (Odoo keeps a hidden default one there)
            trigger: ".modal .modal-footer:has(.btn-primary:visible:only) .btn-primary[name=action_update]",
        },
        {
            content: "Start the update",
            trigger: ".modal button[name='action_update']",
            run: "click",
        },
        {
            content: "The update starts in the background and says so",
            trigger: ".o_notification:contains('E-invoice recipients update started')",
        },
        {
            content: "Back on the customers list, no dialog waiting",
            trigger: "body:not(:has(.modal))",
        },
    ],
});
