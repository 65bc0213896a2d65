import { registry } from "@web/core/registry";
import { ListRenderer } from "@web/views/list/list_renderer";
import { X2ManyField, x2ManyField } from "@web/views/fields/x2many/x2many_field";

/**
 * The delivery chain of a mass invoicing run: the methods below "Save as draft" are never tried, so they are
 * greyed, from the order the list shows now (also right after a drag, before the form is saved).
 */
export class MassInvoiceChainListRenderer extends ListRenderer {
    getRowClass(record) {
        const classNames = super.getRowClass(record);
        const records = this.props.list.records;
        const draft = records.findIndex((line) => line.data.method === "draft");
        return draft !== -1 && records.indexOf(record) > draft ? `${classNames} text-muted` : classNames;
    }
}

export class MassInvoiceChainField extends X2ManyField {
    static components = { ...X2ManyField.components, ListRenderer: MassInvoiceChainListRenderer };
}

registry.category("fields").add("mass_invoice_chain", { ...x2ManyField, component: MassInvoiceChainField });
