import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

/**
 * After login, shows the user's collective invoices that still have no send date, in a dialog
 * where the dates can be set or cleared (server side: account.move.send.date.reminder).
 *
 * The dialog opens once the first screen is displayed: the action manager closes every dialog
 * when it loads the main action, which happens right after the web client starts.
 */
export const collectiveSendDateReminderService = {
    dependencies: ["action"],
    start(env, { action }) {
        // Once per session: the server route remembers it in the HTTP session (a new login starts a new one).
        // A failing reminder must never get in the way of the web client: the server logs it.
        const reminderAction = rpc("/account_invoice_collective/send_date_reminder", {}, { silent: true }).catch(
            () => false
        );
        const openOnFirstScreen = async ({ detail: mode }) => {
            if (mode === "new") {
                return;
            }
            env.bus.removeEventListener("ACTION_MANAGER:UI-UPDATED", openOnFirstScreen);
            const reminder = await reminderAction;
            if (reminder) {
                await action.doAction(reminder);
            }
        };
        env.bus.addEventListener("ACTION_MANAGER:UI-UPDATED", openOnFirstScreen);
    },
};

registry
    .category("services")
    .add("account_invoice_collective.send_date_reminder", collectiveSendDateReminderService);
