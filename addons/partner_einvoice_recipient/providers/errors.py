"""How a registry says it could not answer."""


def _lt(template):
    """Marks an English message template for Odoo's translation export (it looks for `_lt`)."""
    return template


class RegistryError(Exception):
    """A registry could not answer: unreachable, HTTP error, timeout, bad or oversize data.

    An English template and its values, so that Odoo can store the message in its reader's language.
    """

    def __init__(self, template, **values):
        super().__init__(template % values if values else template)
        self.template, self.values = template, values


class RegistryUnavailable(RegistryError):
    """The registry as a whole cannot answer (zone missing, DNS server down): stop asking it in this run."""
