"""The toolkit's one error type."""

from __future__ import annotations


class TextError(ValueError):
    """Text the toolkit cannot read; the message is in Chinese, for the clerk who supplied it."""
