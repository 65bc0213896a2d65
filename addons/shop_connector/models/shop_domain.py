from odoo import fields, models


class ShopDomain(models.Model):
    """One shop domain. A multi-shop set-up (several domains, one shop database) is one backend
    with several domains; every imported record says which domain it came from."""

    _name = "shop.domain"
    _description = "Webshop Domain"
    _order = "backend_id, sequence, id"

    backend_id = fields.Many2one("shop.backend", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="backend_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("Domain", required=True, help="e.g. shop-a.example.com")
    shop_code = fields.Char(
        "Shop ID",
        help="The SHOP_ID a multi-shop set-up exports with each order and customer of this domain. "
        "Leave empty on the domain that receives records without one.",
    )
    team_id = fields.Many2one("crm.team", "Sales Team", help="Overrides the shop's sales team.")

    _sql_constraints = [
        ("shop_code_unique", "UNIQUE(backend_id, shop_code)", "Each shop ID can be used by one domain only."),
    ]
