from odoo import api, fields, models

KINDS = [
    ("carrier", "Shipping Method"),
    ("customer", "Customer"),
    ("product", "Product"),
    ("order", "Order"),
]


class ShopImportRun(models.Model):
    """One import of one shop: what it created, updated, left alone, and what failed."""

    _name = "shop.import.run"
    _description = "Webshop Import Run"
    _order = "id desc"

    backend_id = fields.Many2one("shop.backend", "Shop", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="backend_id.company_id", store=True)
    trigger = fields.Selection(
        [("manual", "Button"), ("cron", "Scheduled"), ("helper", "Second Worker")], required=True, default="manual"
    )
    lead_run_id = fields.Many2one(
        "shop.import.run",
        "Helped Run",
        readonly=True,
        ondelete="set null",
        help="The run whose orders this worker shared.",
    )
    date_start = fields.Datetime("Started", default=fields.Datetime.now, required=True)
    date_end = fields.Datetime("Finished")
    state = fields.Selection(
        [("running", "Running"), ("done", "Done"), ("partial", "Done with Failures"), ("failed", "Failed")],
        default="running",
        required=True,
    )
    error = fields.Text(help="Why the run stopped (shop unreachable, login refused...).")
    order_created = fields.Integer("Orders Created")
    order_updated = fields.Integer("Orders Updated")
    order_exception = fields.Integer("Orders with Differences")
    customer_created = fields.Integer("Customers Created")
    customer_updated = fields.Integer("Customers Updated")
    product_created = fields.Integer("Products Created")
    product_updated = fields.Integer("Products Updated")
    carrier_created = fields.Integer("Shipping Methods Created")
    unchanged = fields.Integer("Unchanged Records")
    skipped = fields.Integer("Orders Skipped", help="Orders in a status that is not imported.")
    failure_ids = fields.One2many("shop.import.failure", "run_id", "Failed Records")
    # While open, the workers of a second scheduled action may claim windows of its orders.
    order_phase = fields.Boolean("Orders Open to Workers", readonly=True)
    order_start = fields.Integer("First Order Id", readonly=True)
    window_ids = fields.One2many("shop.import.window", "run_id", "Order Windows", readonly=True)
    failure_count = fields.Integer("Failed", compute="_compute_failure_count")

    @api.depends("failure_ids")
    def _compute_failure_count(self):
        for run in self:
            run.failure_count = len(run.failure_ids)

    def _compute_display_name(self):
        for run in self:
            run.display_name = f"{run.backend_id.name} {fields.Datetime.to_string(run.date_start)}"

    def _shop_count(self, counts, kind, result):
        """Count one record's result (created / updated / unchanged / skipped / exception) in
        `counts`, written to the run in one go by _shop_save_counts (not one UPDATE per record)."""
        if result in ("unchanged", "skipped"):
            fields_ = [result]
        elif result == "exception":
            fields_ = ["order_created", "order_exception"]
        else:
            fields_ = [f"{kind}_{result}"] if f"{kind}_{result}" in self._fields else []
        for name in fields_:
            counts[name] = counts.get(name, 0) + 1

    def _shop_finish(self, counts):
        self._shop_save_counts(counts)
        still_failed = self.failure_ids.filtered(lambda failure: failure.state == "open")
        self.write({"state": "partial" if still_failed else "done", "date_end": fields.Datetime.now()})

    def _shop_save_counts(self, counts):
        if counts:
            self.write(dict(counts))
