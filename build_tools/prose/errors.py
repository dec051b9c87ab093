"""The one error of the prose stage (message in French, naming the fragment)."""
from __future__ import annotations


class ProseError(ValueError):
    """A fragment is missing, uses an unknown placeholder or an unsupported construct."""
