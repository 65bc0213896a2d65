import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { ProgressBarField, progressBarField } from "@web/views/fields/progress_bar/progress_bar_field";
import { useEffect } from "@odoo/owl";

// Sent by the server each time a transaction that moved the run's recipients commits (mass_invoice_run_live.py).
const PROGRESS_NOTIFICATION = "account_mass_invoicing.progress";

/**
 * The progress of a mass invoicing run that follows the run while it runs: the scheduled action works in the
 * background, and the form reloads (progress, counts, outcome) whenever the bus says the run moved.
 */
export class MassInvoiceProgressField extends ProgressBarField {
    setup() {
        super.setup();
        const busService = useService("bus_service");
        const onProgress = ({ id }) => {
            const record = this.props.record;
            if (id === record.resId && !record.dirty) {
                record.load();
            }
        };
        useEffect(
            (runId, running) => {
                if (!runId || !running) {
                    return;
                }
                const channel = `mass.invoice.run_${runId}`;
                busService.addChannel(channel);
                busService.subscribe(PROGRESS_NOTIFICATION, onProgress);
                return () => {
                    busService.unsubscribe(PROGRESS_NOTIFICATION, onProgress);
                    busService.deleteChannel(channel);
                };
            },
            () => [this.props.record.resId, this.props.record.data.state === "running"]
        );
    }
}

registry.category("fields").add("mass_invoice_progressbar", {
    ...progressBarField,
    component: MassInvoiceProgressField,
});
