from django import template

from probity.accessaudit.enums import action_label

register = template.Library()
register.filter("action_label", action_label)
