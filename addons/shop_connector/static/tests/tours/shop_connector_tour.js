import { registry } from "@web/core/registry";

// Configure a shop, test the connection, fill the tax mapping, import, open an order and set
// its status in the shop. The test puts the address of its fixture shop in sessionStorage.
registry.category("web_tour.tours").add("shop_connector_tour", {
    steps: () => [
        { trigger: ".o_list_button_add", run: "click" },
        { trigger: ".o_field_widget[name=name] input", run: "edit Testladen Tour" },
        {
            trigger: ".o_field_widget[name=url] input",
            run(helpers) {
                helpers.edit(sessionStorage.getItem("shop_connector_tour_url"));
            },
        },
        { trigger: ".o_field_widget[name=cao_user] input", run: "edit cao@shop.test" },
        { trigger: ".o_field_widget[name=cao_password] input", run: "edit cao-secret" },
        { trigger: "button[name=action_test_connection]", run: "click" },
        { trigger: ".o_notification:contains(CAO interface version 1.56)" },
        // The button reloads the form (which opens its first page again): wait for it.
        { trigger: ".o_field_widget[name=script_version]:contains(1.56)" },
        { trigger: ".o_notebook .nav-link:contains(Tax Mapping)", run: "click" },
        { trigger: "button[name=action_fill_tax_map]", run: "click" },
        { trigger: ".o_field_widget[name=tax_map_ids] .o_data_row" },
        { trigger: "button[name=action_import]", run: "click" },
        { trigger: ".o_notification:contains(orders imported)" },
        { trigger: "button[name=action_view_orders]", run: "click" },
        { trigger: ".o_list_view .o_data_row td[name=name]", run: "click" },
        { trigger: "button[name=action_shop_update_status]", run: "click" },
        { trigger: ".modal .o_field_widget[name=status_id] input", run: "edit Versendet" },
        { trigger: ".o-autocomplete--dropdown-item:contains(Versendet)", run: "click" },
        { trigger: ".modal .o_field_widget[name=comment] textarea", run: "edit Heute versandt" },
        { trigger: ".modal button[name=action_apply]", run: "click" },
        { trigger: "body:not(:has(.modal))" },
        { trigger: ".o_notebook .nav-link:contains(Webshop)", run: "click" },
        { trigger: ".o_field_widget[name=shop_status_id]:contains(Versendet)" },
    ],
});
