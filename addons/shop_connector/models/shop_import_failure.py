from odoo import fields, models

from .shop_import_run import KINDS


class ShopImportFailure(models.Model):
    """A shop record that could not be imported, with the reason. Open failures are retried by
    the next run; a later success closes them."""

    _name = "shop.import.failure"
    _description = "Webshop Import Failure"
    _order = "id desc"

    run_id = fields.Many2one("shop.import.run", "Import Run", ondelete="cascade", index=True)
    backend_id = fields.Many2one("shop.backend", "Shop", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="backend_id.company_id", store=True)
    kind = fields.Selection(KINDS, required=True)
    external_id = fields.Char("Shop ID", required=True)
    reason = fields.Text(required=True)
    attempts = fields.Integer(default=1)
    state = fields.Selection([("open", "To Retry"), ("done", "Imported")], default="open", required=True, index=True)
