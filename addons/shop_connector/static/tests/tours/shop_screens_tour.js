import { registry } from "@web/core/registry";

// The webshop screens at 1440 pixels (the tests set the language and the window size): every
// column title whole, and, in German, the explanations and what the scheduled import wrote.

function titlesWhole() {
    return {
        trigger: ".o_list_view thead th",
        run() {
            const cut = [...document.querySelectorAll(".o_list_view thead th .text-truncate")]
                .filter((title) => title.scrollWidth > title.clientWidth + 1)
                .map((title) => title.textContent);
            if (cut.length) {
                throw new Error(`Cut column titles: ${cut.join(", ")}`);
            }
        },
    };
}

const tours = registry.category("web_tour.tours");

tours.add("shop_screens_de_no_difference", {
    steps: () => [
        { trigger: ".o_view_nocontent:contains(Keine Webshop-Bestellung wartet auf Prüfung)" },
        { trigger: ".o_view_nocontent:contains(Eine Abweichung ist eine aus einem Shop importierte Bestellung)" },
        { trigger: "body:not(:has(.o_view_sample_data))" },
    ],
});

tours.add("shop_screens_de_new_shop", {
    steps: () => [
        titlesWhole(),
        { trigger: ".o_list_button_add", run: "click" },
        // The shop's statuses before the first save, and what Import and the step mean.
        { trigger: ".o_field_widget[name=status_ids] .o_data_row:contains(Storniert)" },
        { trigger: ".tab-pane.active p:contains(4 Storniert wird also nicht importiert)" },
        {
            trigger: ".o_field_widget[name=lang_code] select",
            run() {
                const select = document.querySelector(".o_field_widget[name=lang_code] select");
                if (!select.selectedOptions[0].textContent.includes("Deutsch")) {
                    throw new Error(`Shop language shown as ${select.selectedOptions[0].textContent}`);
                }
            },
        },
        { trigger: ".o_notebook .nav-link:contains(Domains)", run: "click" },
        { trigger: ".tab-pane.active p:contains(Für einen einzelnen Shop genügt eine Zeile)" },
    ],
});

tours.add("shop_screens_de_runs", {
    steps: () => [
        { trigger: ".o_list_view th[data-name=order_created]:contains(Neue Bestellungen)" },
        titlesWhole(),
        { trigger: ".o_data_row td[name=date_start]", run: "click" },
        // Written by the scheduled import, read in German.
        { trigger: ".o_field_widget[name=failure_ids] td:contains(Der Shop hat Werte gesendet)" },
    ],
});

tours.add("shop_screens_de_differences", {
    steps: () => [
        titlesWhole(),
        { trigger: ".o_data_row td[name=name]", run: "click" },
        { trigger: ".alert-danger:contains(Position 1)" },
        { trigger: ".alert-danger:contains(jenseits jeder echten Bestellung)" },
        { trigger: ".o_notebook .nav-link:contains(Webshop)", run: "click" },
        { trigger: ".o_field_widget[name=shop_backend_id]" },
    ],
});

tours.add("shop_list_titles_whole", {
    steps: () => [{ trigger: ".o_list_view .o_data_row" }, titlesWhole()],
});
