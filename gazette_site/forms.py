"""The base of every query form: a query string read into checked values, in Chinese.

A public page or JSON endpoint reads its query string with a QueryForm subclass. Fields reuse
the shared parsers of `gazette_site.http` (dates, amounts, whole numbers, codes), whose
messages name the field; any other field's messages are Chinese through Django's zh-hans
translations. One answer for bad input: a page renders itself with each message by its field,
status 400 (`BAD_INPUT_STATUS`); a JSON endpoint answers `{"error": "…"}`, status 400
(`json_400`).
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError

from gazette_site.http import BadInput, json_error

BAD_INPUT_STATUS = 400


class ParsedField(forms.Field):
    """A text field read by one of the shared parsers; its BadInput becomes the field's error.

    The parser receives None for a missing or blank value and gives its default (or says what
    is missing), so the field itself is never "required".
    """

    def __init__(self, parse: Callable[[str | None], object], **kwargs):
        self.parse = parse
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return self.parse(value or None)
        except BadInput as error:
            raise ValidationError(str(error), code="invalid") from error


class QueryForm(forms.Form):
    """A form bound to request.GET whose errors are Chinese sentences, in field order.

    Control characters never reach a form: the public request guard refuses them first.
    """

    def messages(self) -> dict[str, str]:
        """Each bad field's first message, keyed by field name ("__all__" for the form's)."""
        return {name: errors[0] for name, errors in self.errors.items()}

    def first_message(self) -> str:
        """The first message, for an answer that carries one (a JSON 400)."""
        return next(iter(self.messages().values()))


def json_400(form: QueryForm):
    """Answer a JSON endpoint whose query string is bad: {"error": "…"}, status 400."""
    return json_error(form.first_message(), status=BAD_INPUT_STATUS)
