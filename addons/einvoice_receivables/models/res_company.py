from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"
