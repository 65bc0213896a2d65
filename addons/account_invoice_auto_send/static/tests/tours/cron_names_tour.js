import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("account_invoice_auto_send_cron_names", {
    steps: () => [
        {
            content: "Odoo's own invoice-sending scheduled action",
            trigger: ".o_list_view .o_data_row:contains('Send invoices automatically')",
        },
        {
            content: "Ours has a name of its own, telling what it sends",
            trigger:
                ".o_list_view .o_data_row:contains('E-invoice Receivables: send invoices on their send date or automatically')",
        },
    ],
});
