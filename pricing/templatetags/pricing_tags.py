"""Template filters of the pricing pages."""

from django import template

from pricing import rules

register = template.Library()

register.filter("rate", rules.rate_text)
