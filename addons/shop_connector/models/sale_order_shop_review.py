# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class SaleOrder(models.Model):
    """The webshop review of the order's customer, listed with the differences to the shop."""

    _inherit = "sale.order"

    shop_review = fields.Char(related="partner_id.commercial_partner_id.shop_review", string="Webshop Review")
