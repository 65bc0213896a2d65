import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("einvoice_receivables_collective_merge", {
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
