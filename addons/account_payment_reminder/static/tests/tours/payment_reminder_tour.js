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

function check(condition, message) {
    if (!condition) {
        throw new Error(message);
    }
}

const columnsWhole = {
    content: "Every column title of the totals is shown whole",
    trigger: ".o_field_widget[name='line_ids'] .o_data_row",
    run() {
        const cut = [...document.querySelectorAll(".o_field_widget[name='line_ids'] thead th span.text-truncate")]
            .filter((span) => span.scrollWidth > span.clientWidth + 1)
            .map((span) => span.textContent);
        check(!cut.length, `cut column titles: ${cut.join(", ")}`);
    },
};

registry.category("web_tour.tours").add("payment_reminder_columns_tour", { steps: () => [columnsWhole] });

const lvRow = ".o_field_widget[name='line_ids'] .o_data_row:contains('Tūres Parādnieks')";

registry.category("web_tour.tours").add("payment_reminder_latvian_tour", {
    steps: () => [
        {
            content: "The breadcrumb names the screen in Latvian",
            trigger: ".o_breadcrumb .active:contains('Neapmaksāto izejošo rēķinu kopsummas')",
        },
        {
            content: "A screen, not a record: no New button, no pager",
            trigger: `${lvRow}`,
            run() {
                check(!document.querySelector(".o_form_button_create"), "a New button is shown");
                const pager = document.querySelector(".o_control_panel .o_pager");
                check(!pager || !pager.offsetParent, "a pager is shown");
            },
        },
        columnsWhole,
        {
            content: "Show the customer's invoices and correspondence",
            trigger: `${lvRow} button[name='action_show_customer']`,
            run: "click",
        },
        {
            content: "The detail is beside the totals, not below them",
            trigger: ".o_field_widget[name='invoice_ids'] .o_data_row",
            run() {
                const list = document.querySelector(".o_payment_reminder_totals_list").getBoundingClientRect();
                const detail = document.querySelector(".o_payment_reminder_totals_detail").getBoundingClientRect();
                check(detail.left >= list.right - 1, `detail at x=${detail.left}, list ends at x=${list.right}`);
                check(Math.abs(detail.top - list.top) < 5, `detail at y=${detail.top}, list at y=${list.top}`);
            },
        },
        {
            content: "The credit note is a credit, signed as in the ledger, apart from the amounts due",
            trigger: ".o_field_widget[name='credit_note_ids'] .o_data_row td.o_list_number:contains('-')",
        },
        {
            content: "The invoice is an amount due",
            trigger: ".o_field_widget[name='invoice_ids'] .o_data_row td[name='amount_residual']:not(:contains('-'))",
        },
    ],
});
