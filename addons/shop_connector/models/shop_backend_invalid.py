# One file per feature of the model, so this model is inherited in several files.
# pylint: disable=consider-merging-classes-inherited
from odoo import models


class ShopBackend(models.Model):
    """A record whose ids or statuses are not whole numbers (an id of 1e999): refused alone,
    with what was wrong, before any importer reads it; the rest of the import goes on."""

    _inherit = "shop.backend"

    def _shop_import_one(self, state, kind, record, importer, method, cache):
        if not record.get("invalid"):
            return super()._shop_import_one(state, kind, record, importer, method, cache)
        # Its id may be the bad value: the failure is named by what the shop sent.
        external_id = record.get("ref") or str(record.get("id"))
        if (kind, external_id) not in state["done"]:
            state["done"].add((kind, external_id))
            cache.begin()
            reason = self.env._("The shop sent values that are not valid whole numbers: %s", record["invalid"])
            self._shop_fail(state, kind, external_id, reason, cache)
        return None
