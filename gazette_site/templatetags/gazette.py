"""Template filters every page uses: Chinese dates and money."""

from django import template

from gazette_site import formatting

register = template.Library()

register.filter("cn_date", formatting.cn_date)
register.filter("cn_month", formatting.cn_month)
register.filter("yuan", formatting.yuan)
register.filter("wan_yuan", formatting.wan_yuan)
register.filter("whole_minutes", formatting.whole_minutes)
register.filter("plain_number", formatting.plain_number)
