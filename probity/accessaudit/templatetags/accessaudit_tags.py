from django import template

from probity.accessaudit.enums import action_label, explanation_kind_label

register = template.Library()
register.filter("action_label", action_label)
register.filter("explanation_kind", explanation_kind_label)


@register.filter
def random_source(value) -> str:
    """A public random source as it was announced: a date or a draw's numbers (22 3 15), never a Python list."""
    if isinstance(value, list | tuple):
        return " ".join(str(number) for number in value)
    return str(value)
