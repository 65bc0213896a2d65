/**
 * A tour step that fails unless the dialog's footer shows exactly one primary button, the one
 * `trigger` finds. Odoo keeps a hidden default "Ok" button in every dialog's footer: only visible
 * ones count.
 */
export function singlePrimaryButtonInDialog(content, trigger = ".modal .modal-footer .btn-primary:visible") {
    return {
        content,
        trigger,
        run() {
            const footer = this.anchor.closest(".modal-footer");
            const shown = [...footer.querySelectorAll(".btn-primary")].filter((button) => button.checkVisibility());
            if (shown.length !== 1) {
                const names = shown.map((button) => button.textContent.trim()).join(", ");
                throw new Error(`One primary button expected in the dialog, found ${shown.length}: ${names}`);
            }
        },
    };
}
