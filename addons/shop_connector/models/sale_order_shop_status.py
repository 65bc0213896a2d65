from odoo import models
from odoo.exceptions import UserError

from ..providers import ShopError


class SaleOrder(models.Model):
    """Pushing an order's status back to its shop (order_update), by hand or when the delivery is
    done or the order cancelled. The shop writes its status history and mails the customer."""

    _inherit = "sale.order"  # pylint: disable=consider-merging-classes-inherited

    def action_shop_update_status(self):
        self.ensure_one()
        if not self.shop_backend_id:
            raise UserError(self.env._("This order was not imported from a shop."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Update Shop Status"),
            "res_model": "shop.order.status.update",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_id": self.id},
        }

    def _action_cancel(self):
        result = super()._action_cancel()
        if not self.env.context.get("shop_no_push"):
            for order in self.filtered("shop_backend_id"):
                status = order.shop_backend_id.status_ids.filtered("push_on_cancel")[:1]
                if status:
                    order._shop_push_status(status, self.env._("Order cancelled."), notify=True, raise_errors=False)
        return result

    def _shop_push_status(self, status, comment, notify, raise_errors=True):
        """Send order_update; log the shop's answer in the chatter. Returns the UpdateResult.

        Never retried: the shop adds a history row and a mail per call. With raise_errors False
        (automatic pushes), a failure is logged on the order and does not stop the delivery or
        cancellation that triggered it.
        """
        self.ensure_one()
        backend = self.shop_backend_id
        if status.backend_id != backend:
            # Status ids are per shop (3 may be "Shipped" in one and "Returned" in another).
            raise UserError(
                self.env._(
                    "The status %(status)s belongs to the shop %(other)s, not to %(shop)s of order %(order)s.",
                    status=status.display_name,
                    other=status.backend_id.name,
                    shop=backend.name,
                    order=self.name,
                )
            )
        try:
            result = backend._shop_client().order_update(self.shop_order_id, status.code, comment, notify)
        except (ShopError, UserError) as exc:
            message = backend._shop_error_message(exc) if isinstance(exc, ShopError) else exc.args[0]
            if raise_errors:
                raise UserError(message) from exc
            self.message_post(
                body=self.env._(
                    "The shop status could not be set to %(status)s: %(error)s",
                    status=status.display_name,
                    error=message,
                )
            )
            return None
        if result.unrecorded:
            # Stock 2.0.7.2 on PHP 8: the status was written, then the script died before the
            # history row and the mail. Said as it is; a retry would not mail either.
            self.shop_status_id = status
            self.message_post(
                body=self.env._(
                    "Shop status set to %(status)s, but the shop could not record it or mail the "
                    "customer (empty answer: a modified 2.0.7.2 on PHP 8 stops after changing the "
                    "status). Inform the customer yourself, or update the shop.",
                    status=status.display_name,
                )
            )
        elif result.code == 0:
            self.shop_status_id = status
            self.message_post(
                body=self.env._(
                    "Shop status set to %(status)s%(notified)s.%(comment)s",
                    status=status.display_name,
                    notified=self.env._(", customer notified by the shop") if notify else "",
                    comment=(" " + self.env._("Comment: %s", comment)) if comment else "",
                )
            )
        elif result.code == 1:
            self.shop_status_id = status
            self.message_post(
                body=self.env._("The shop order already had the status %s: nothing changed.", status.display_name)
            )
        else:
            messages = {
                2: self.env._(
                    "The shop does not know order %s (it may have been deleted in the shop).", self.shop_order_id
                ),
                99: self.env._("The shop refused the status change as incomplete (parameter error)."),
            }
            message = messages.get(
                result.code,
                self.env._("The shop answered code %(code)s: %(msg)s", code=result.code, msg=result.message),
            )
            if raise_errors:
                raise UserError(message)
            self.message_post(body=message)
        return result
