# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    shop_binding_ids = fields.One2many("shop.partner.binding", "partner_id", "Webshop Links", readonly=True)
