from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    shop_binding_ids = fields.One2many("shop.partner.binding", "partner_id", "Webshop Links", readonly=True)
