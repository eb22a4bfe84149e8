"""Template filters every page uses: Chinese dates and money; parts of pages cached by data version."""

from django import template

from gazette_site import caching, formatting, readings

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


class DataCacheNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        request = context.get("request")
        key = caching.fragment_key(request, [part.resolve(context) for part in self.parts])
        if key is None:
            return self.nodelist.render(context)
        value = caching.fragment_get(key)
        if value is None:
            value = self.nodelist.render(context)
            caching.fragment_set(key, value)
        return value


@register.tag
def data_cache(parser, token):
    """`{% data_cache "name" value ... %}…{% enddata_cache %}`: the block kept per data version.

    What the block shows must depend on nothing but the stored data and the values named (the
    date asked for, for one, must stay outside). Rendered afresh for staff and when the cache
    is down.
    """
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("data_cache needs a name")
    nodelist = parser.parse(("enddata_cache",))
    parser.delete_first_token()
    return DataCacheNode(nodelist, [parser.compile_filter(bit) for bit in bits])
