import json
import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from probity.core import roc
from probity.core.indicators import SECTION_NAMES, UNIT_NAMES
from probity.core.language import PUNCTUATION, date_text, in_readers_language, month_text, period_text, punctuation
from probity.core.sorting import PARAM as SORT_PARAM

register = template.Library()


@register.filter
def roc_date(value) -> str:
    """110年7月1日 (110/07/01 in English)"""
    return date_text(value) if value else ""


@register.filter
def readers_language(value) -> str:
    """A message of the analytics library in the reader's language (other text as it is)."""
    return in_readers_language(value)


@register.filter
def marked(text, needle) -> str:
    """``text`` escaped, with each occurrence of ``needle`` (any case) in <mark>: what a search found."""
    escaped = conditional_escape(str(text))
    if not needle:
        return escaped
    pattern = re.compile(re.escape(conditional_escape(str(needle))), re.IGNORECASE)
    return mark_safe(pattern.sub(lambda found: f"<mark>{found.group(0)}</mark>", escaped))  # noqa: S308  (escaped above)


@register.filter
def roc_slash(value) -> str:
    """110/07/01"""
    return roc.format_slash(value) if value else ""


@register.filter
def roc_datetime(value) -> str:
    """110/07/01 14:05"""
    return roc.format_datetime(value) if value else ""


@register.filter
def roc_month(value) -> str:
    """110年12月 (110/12 in English), from a date or "2021-12"."""
    try:
        return month_text(value)
    except ValueError:
        return str(value)


@register.filter
def roc_month_slash(value) -> str:
    """110/12, from a date or "2021-12" (as a month is typed in a form)."""
    return roc.format_month_slash(value) if value else ""


@register.filter
def period_label(value) -> str:
    if isinstance(value, roc.Period):
        return period_text(value)
    try:
        return period_text(roc.Period.parse(str(value)))
    except ValueError:
        return ""


@register.filter
def indicator_unit(value) -> str:
    """An indicator's unit (案, 場次…) in the page's language."""
    return str(UNIT_NAMES.get(value, value))


@register.filter
def indicator_section(value) -> str:
    """An indicator's section: the report's numbering, or the annex named in the page's language."""
    return str(SECTION_NAMES.get(value, value))


@register.filter
def zh_numeral(value) -> str:
    return roc.chinese_numeral(int(value))


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some keys replaced (for paging and sorting links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.filter
def as_json(value) -> str:
    """Compact JSON with Chinese kept readable (for audit event data)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


# {% lparen %}…{% rparen %}, {% colon %}, {% list_sep %}, {% comma %} and {% semicolon %}: punctuation around
# values on a page that reads in either language (（…）：、，； in Chinese; " (…)", ": ", ", " and "; " in English).
def _punctuation_tag(name: str):
    def tag() -> str:
        return punctuation(name)

    return tag


for _name in PUNCTUATION:
    register.simple_tag(_punctuation_tag(_name), name=_name)


@register.simple_tag(takes_context=True)
def sort_header(context, sorting, key: str, label, css_class: str = "") -> str:
    """A column header; one the list can sort by is a link that sorts by it (again: the other way round)."""
    class_attr = format_html(' class="{}"', css_class) if css_class else ""
    if sorting is None or key not in sorting.allowed:
        return format_html("<th{}>{}</th>", class_attr, label)
    direction = sorting.direction(key)
    href = query_with(context, **{SORT_PARAM: sorting.next_value(key), "page": None})
    if not direction:
        return format_html('<th{}><a class="sort" href="{}">{}</a></th>', class_attr, href, label)
    arrow = "▲" if direction == "ascending" else "▼"
    return format_html(
        '<th{} aria-sort="{}"><a class="sort" href="{}">{} <span aria-hidden="true">{}</span></a></th>',
        class_attr,
        direction,
        href,
        label,
        arrow,
    )
