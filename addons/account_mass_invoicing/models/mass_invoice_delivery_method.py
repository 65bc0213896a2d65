from odoo import api, fields, models

# The methods of every database; the e-invoice and letter add-ons add theirs (selection_add), in the default
# chain's order, which is the order of this list.
METHODS = [
    ("preferred", "Customer's preferred method"),
    ("email", "Email"),
    ("draft", "Save as draft"),
]
# How a recipient's invoice went out when Send & Print by hand took it from its run: never a step of a chain.
BY_HAND = [("manual", "By hand")]


class MassInvoiceDeliveryMethod(models.Model):
    """One step of a run's delivery chain; the user orders them with the drag handle."""

    _name = "mass.invoice.delivery.method"
    _description = "Mass Invoicing Delivery Method"
    _inherit = ["mass.invoice.run.part"]
    _order = "sequence, id"

    run_id = fields.Many2one("mass.invoice.run", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    method = fields.Selection(METHODS, required=True)
    after_draft = fields.Boolean(
        compute="_compute_after_draft",
        help='Comes after "Save as draft", which ends the chain: this method is never tried.',
    )

    _sql_constraints = [
        ("method_once_per_run", "UNIQUE(run_id, method)", "Each delivery method appears once in a run's list."),
    ]

    @api.depends("run_id.delivery_method_ids.sequence", "run_id.delivery_method_ids.method")
    def _compute_after_draft(self):
        for line in self:
            # A stable sort on the sequence alone: unsaved lines (in the form) have no ids to compare.
            chain = list(line.run_id.delivery_method_ids.sorted("sequence"))
            methods = [m.method for m in chain]
            draft = methods.index("draft") if "draft" in methods else len(chain)
            line.after_draft = line in chain and chain.index(line) > draft
