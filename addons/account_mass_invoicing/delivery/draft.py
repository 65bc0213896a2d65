from .base import DRAFT, Channel, Outcome


class DraftChannel(Channel):
    """Save as draft: ends the chain, the invoice waits in draft for someone to send it by hand."""

    code = "draft"

    def deliver(self, recipient):
        move = recipient.move_id
        if move.state == "posted":
            # A posted invoice that no method could deliver goes back to draft: the user fixes and sends it.
            move.button_draft()
        return Outcome(DRAFT, method=self.code)
