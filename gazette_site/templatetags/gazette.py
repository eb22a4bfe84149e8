"""Template filters every page uses: Chinese dates and money."""

from django import template

from gazette_site import formatting, readings

register = template.Library()

register.filter("cn_date", formatting.cn_date)
register.filter("cn_month", formatting.cn_month)
register.filter("yuan", formatting.yuan)
register.filter("wan_yuan", formatting.wan_yuan)
register.filter("whole_minutes", formatting.whole_minutes)
register.filter("plain_number", formatting.plain_number)


@register.simple_tag
def tool_question(url_name: str) -> str:
    """The citizen's question a calculator answers, as the home page words it."""
    from gazette_site.tools import TOOLS

    return next((t.question for t in TOOLS if t.url_name == url_name), "")


@register.filter
def printed(instance, field: str):
    """The field's value as printed (the reading, if any, is annotated by `readings_of`)."""
    return readings.printed_value(instance, field)


@register.filter
def readings_of(instance, field: str) -> list:
    """The readings of one field of a record: for the annotation beside the printed value."""
    return readings.readings_of(instance, field)
