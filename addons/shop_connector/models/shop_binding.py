# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models


class ShopBinding(models.AbstractModel):
    """The link of an Odoo record to a shop record: never imported twice (one binding per shop
    record and backend), the domain it came from, and a digest of the shop data last imported so
    an unchanged record is neither written nor compared field by field."""

    _name = "shop.binding"
    _description = "Webshop Binding"

    backend_id = fields.Many2one("shop.backend", "Shop", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="backend_id.company_id", store=True)
    domain_id = fields.Many2one("shop.domain", "Shop Domain", ondelete="set null")
    external_id = fields.Char("Shop ID", required=True)
    sync_hash = fields.Char(readonly=True, copy=False)
    sync_date = fields.Datetime("Last Import", readonly=True)


class ShopPartnerBinding(models.Model):
    _name = "shop.partner.binding"
    _inherit = "shop.binding"
    _description = "Webshop Customer Link"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True)
    kind = fields.Selection(
        [
            ("customer", "Customer Account"),
            ("contact", "Contact Person"),
            ("address", "Address"),
            ("guest", "Guest (by e-mail)"),
        ],
        required=True,
    )
    address_key = fields.Char(readonly=True, help="The customer's own address, to tell other addresses from it.")
    to_review = fields.Boolean(
        readonly=True,
        help="Linked by e-mail address or VAT number alone to a contact the import did not create: "
        "the shop's data is not written to it, and its orders wait in Webshop Differences until a "
        "sales manager accepts one.",
    )

    _sql_constraints = [
        ("external_unique", "UNIQUE(backend_id, kind, external_id)", "This shop customer is already linked."),
    ]


class ShopProductBinding(models.Model):
    _name = "shop.product.binding"
    _inherit = "shop.binding"
    _description = "Webshop Product Link"
    _rec_name = "product_id"

    product_id = fields.Many2one("product.product", required=True, ondelete="cascade", index=True)

    _sql_constraints = [
        ("external_unique", "UNIQUE(backend_id, external_id)", "This shop product is already linked."),
    ]


class ShopCarrierBinding(models.Model):
    _name = "shop.carrier.binding"
    _inherit = "shop.binding"
    _description = "Webshop Shipping Method Link"
    _rec_name = "carrier_id"

    carrier_id = fields.Many2one("delivery.carrier", required=True, ondelete="cascade", index=True)

    _sql_constraints = [
        ("external_unique", "UNIQUE(backend_id, external_id)", "This shipping module is already linked."),
    ]
