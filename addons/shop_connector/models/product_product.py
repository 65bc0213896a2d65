from odoo import fields, models


class ProductProduct(models.Model):
    _inherit = "product.product"

    shop_binding_ids = fields.One2many("shop.product.binding", "product_id", "Webshop Links", readonly=True)
