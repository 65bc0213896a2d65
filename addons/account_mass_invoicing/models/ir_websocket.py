from odoo import models

from .mass_invoice_run_live import RUN_CHANNEL_PREFIX


class IrWebsocket(models.AbstractModel):
    _inherit = "ir.websocket"

    def _build_bus_channel_list(self, channels):
        """A form asks for a run's progress by its channel name; it gets it only for a run its user may read."""
        channels = list(channels)
        for channel in list(channels):
            if isinstance(channel, str) and channel.startswith(RUN_CHANNEL_PREFIX):
                channels.remove(channel)
                run_id = channel.removeprefix(RUN_CHANNEL_PREFIX)
                if not run_id.isdigit() or not self.env.uid:
                    continue
                run = self.env["mass.invoice.run"].browse(int(run_id)).exists()
                if run and run.has_access("read"):
                    channels.append(run)
        return super()._build_bus_channel_list(channels)
