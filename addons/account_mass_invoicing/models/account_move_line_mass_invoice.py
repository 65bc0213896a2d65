from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _mass_invoice_template_values(self):
        """Values to create these lines of a template invoice again on another customer's invoice.

        Odoo's own copy values (what defines a line), with the amounts Odoo leaves out there because its
        line syncing computes them again, which mass invoicing switches off for the copies. The partner
        and the payment term's label follow the invoice they are created on.
        """
        values = []
        for line, vals in zip(self, self.copy_data(), strict=True):
            vals.pop("move_id", None)
            vals.pop("partner_id", None)
            vals["balance"] = line.balance
            vals["amount_currency"] = line.amount_currency
            values.append(vals)
        return values
