# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    shop_binding_ids = fields.One2many("shop.product.binding", "product_id", "Webshop Links", readonly=True)
