"""The only tags and filters a report template may use (see ``sandbox.py``)."""

from decimal import Decimal

from django.template import Library, defaultfilters, defaulttags

from probity.core.roc import chinese_numeral
from probity.reports.sandbox import FIGURE_CLOSE, FIGURE_OPEN

register = Library()

register.tag("if", defaulttags.do_if)
register.tag("for", defaulttags.do_for)
register.tag("with", defaulttags.do_with)
register.tag("comment", defaulttags.comment)
register.filter("default", defaultfilters.default)
register.filter("length", defaultfilters.length)
register.filter("add", defaultfilters.add)


@register.filter
def num(value):
    """A count with thousands separators: 1170 → 1,170."""
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        return value
    return f"{value:,}"


@register.filter
def zh(value):
    """A heading numeral: 4 → 四 (for （四） and 四、)."""
    return chinese_numeral(int(value))


@register.simple_tag
def figure(key, decimals=None):
    """Mark the place of an indicator's value; the builder turns the mark into a figure run."""
    suffix = "" if decimals is None else f"|{int(decimals)}"
    return f"{FIGURE_OPEN}{key}{suffix}{FIGURE_CLOSE}"
