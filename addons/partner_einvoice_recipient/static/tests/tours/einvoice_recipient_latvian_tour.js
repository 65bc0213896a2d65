import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("einvoice_recipient_customer_form_lv", {
    steps: () => [
        {
            content: "Open the customer's Invoicing tab",
            trigger: ".o_notebook_headers a[name=accounting]",
            run: "click",
        },
        {
            content: "The customer's e-invoice status reads in Latvian",
            trigger: ".o_field_widget[name=einvoice_recipient_state]:contains('E-rēķina saņēmējs')",
        },
        {
            content: "Point at the status's label",
            trigger: ".o_form_label[for^=einvoice_recipient_state] sup",
            run: "hover",
        },
        {
            content: "Its tooltip explains it in Latvian and names no menu path",
            trigger: ".o-tooltip:contains('e-rēķinu reģistriem')",
            run() {
                if (this.anchor.textContent.includes(" > ")) {
                    throw new Error(`A menu path in the tooltip: ${this.anchor.textContent}`);
                }
            },
        },
    ],
});

registry.category("web_tour.tours").add("einvoice_recipient_settings_lv", {
    steps: () => [
        {
            content: "Every setting under E-invoice recipients has a help line",
            trigger: "#einvoice_recipient_check_setting .content-group",
            run() {
                const block = this.anchor.closest("#einvoice_recipient_check_setting");
                const help = block.querySelector(".o_setting_right_pane > .text-muted");
                if (!help || !help.textContent.includes("15")) {
                    throw new Error("The status requests setting has no help line");
                }
                const latvian = {
                    einvoice_lookup_limit: "pa vienam",
                    einvoice_recheck_days: "pievienojas tīkliem",
                    einvoice_set_sending_method: "tiek nosūtīti kā e-rēķini",
                };
                for (const [field, words] of Object.entries(latvian)) {
                    const row = block.querySelector(`.o_field_widget[name=${field}]`).closest(".row");
                    const line = row.querySelector(".text-muted");
                    if (!line || !line.checkVisibility()) {
                        throw new Error(`No help line for ${field}`);
                    }
                    if (!line.textContent.includes(words)) {
                        throw new Error(`The help line of ${field} is not in Latvian: ${line.textContent}`);
                    }
                }
                if (!block.textContent.includes("Peppol")) {
                    throw new Error("The sending method setting should say it switches customers to Peppol");
                }
            },
        },
        {
            content: "Open the e-invoice registries",
            trigger: "#einvoice_recipient_check_setting button.btn-link:contains('E-rēķinu reģistri')",
            run: "click",
        },
        {
            content: "The scheduled update's error reads in Latvian",
            trigger: ".o_data_row td[name=last_sync_message]:contains('SML zona nav atrasta')",
        },
    ],
});
