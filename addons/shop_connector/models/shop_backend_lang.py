# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import models


class ShopBackend(models.Model):
    """What the scheduled import writes (differences on orders, failure reasons, run errors,
    chatter messages) is stored text: it is written in the language of the shop's company, as its
    users read it, not in the scheduler's (English). An import from the button writes in the
    language of the user who pressed it."""

    _inherit = "shop.backend"

    def _shop_import(self, trigger, commit=False):
        backend = self.with_context(lang=self._shop_company_lang()) if trigger == "cron" else self
        return super(ShopBackend, backend)._shop_import(trigger, commit)

    def _shop_help(self):
        return super(ShopBackend, self.with_context(lang=self._shop_company_lang()))._shop_help()

    def _shop_company_lang(self):
        self.ensure_one()
        lang = self.company_id.partner_id.lang
        return lang if lang in dict(self.env["res.lang"].get_installed()) else self.env.lang
