# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import api, fields, models


class ResPartner(models.Model):
    """A customer the shop sent with a VAT number that Odoo's check refuses: the number is kept
    here, out of Odoo's validated VAT field, and the customer waits for a review."""

    _inherit = "res.partner"

    shop_vat_refused = fields.Char(
        "VAT Number from the Shop",
        copy=False,
        help="The VAT number the shop sent, which Odoo's VAT check refused. Enter the correct number "
        "as Tax ID, or clear this field if the customer has none.",
    )
    shop_review = fields.Char(
        "Webshop Review", compute="_compute_shop_review", search="_search_shop_review", compute_sudo=False
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------

    @api.depends("shop_vat_refused", "vat")
    def _compute_shop_review(self):
        for partner in self:
            partner.shop_review = (
                self.env._(
                    "Odoo's VAT check refused the VAT number %(vat)s from the shop: the customer and the "
                    "order were imported without it. Enter the correct number as Tax ID on %(customer)s.",
                    vat=partner.shop_vat_refused,
                    customer=partner.name,
                )
                if partner.shop_vat_refused and not partner.vat
                else False
            )

    def _search_shop_review(self, operator, value):
        if operator not in ("=", "!=") or value is not False:
            raise NotImplementedError(self.env._("Only set or not set can be searched for a webshop review."))
        flagged = ["&", ("shop_vat_refused", "!=", False), ("vat", "=", False)]
        return flagged if operator == "!=" else ["!", *flagged]
