"""Errors shared by the whole portal, free of Django so that pure rules can raise them too."""

from __future__ import annotations


class BadInput(ValueError):
    """A user-supplied value that cannot be used; the message is Chinese."""
