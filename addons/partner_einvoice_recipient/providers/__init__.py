"""E-invoice recipient registries, one small class per protocol.

The classes know nothing about Odoo: they get their settings as a
`RegistrySettings` and answer with identifiers ("0088:123abc", lower case).
The `einvoice.registry` model maps its provider selection to these classes.
"""

from .base import RegistryProvider, RegistrySettings
from .errors import RegistryError, RegistryUnavailable
from .ee_register import EstonianRegisterProvider
from .peppol_directory import PeppolDirectoryProvider
from .peppol_smp import PeppolSmpProvider

__all__ = [
    "EstonianRegisterProvider",
    "PeppolDirectoryProvider",
    "PeppolSmpProvider",
    "RegistryError",
    "RegistryProvider",
    "RegistrySettings",
    "RegistryUnavailable",
]
