from django import template

from probity.audit.history import history_of, target_label, verb_label

register = template.Library()
register.filter("verb_label", verb_label)
register.filter("target_label", target_label)


@register.inclusion_tag("audit/_history.html", takes_context=True)
def record_history(context, obj, *related):
    """The record's change history, folded under its heading at the foot of the record's page; ``related`` are
    lists of records shown on the same page whose events belong there too (an audit's recommendations)."""
    user = context["request"].user
    others = [other for records in related for other in records]
    return {"history": history_of(obj, others), "can_view_trail": user.has_perm("audit.view_events")}
