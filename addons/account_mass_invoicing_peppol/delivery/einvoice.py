from odoo.addons.account_mass_invoicing.delivery.base import DELIVERED, FAILED, Channel, Outcome


class EinvoiceChannel(Channel):
    """Peppol BIS Billing 3.0 (the Norwegian EHF) through Odoo's account_peppol access point."""

    code = "einvoice"
    odoo_method = "peppol"

    def problem(self, recipient):
        return recipient._mass_invoice_peppol_problem()

    def deliver(self, recipient):
        move = recipient.move_id
        # Already handed to the access point (e.g. before a crash, as Odoo commits after sending): not again.
        if move.peppol_move_state in ("processing", "done"):
            return Outcome(DELIVERED, method=self.code)
        if problem := self.problem(recipient):
            return Outcome(FAILED, problem, self.code)
        error = recipient._mass_invoice_send_by_odoo("peppol", commits=True)
        if move.peppol_move_state in ("processing", "done"):
            return Outcome(DELIVERED, method=self.code)
        return Outcome(FAILED, error or recipient.env._("The access point did not accept the e-invoice."), self.code)
