"""Every list pages through its records in one fixed order: a default ordering that ties lets the database
return tied rows in any order per query, so paging can show a record twice and skip another."""

from django.apps import apps
from django.db import models

from probity.org.models import TreeNode


def _unique_keys(model) -> list[set[str]]:
    keys = [{"id"}, {"pk"}] + [{field.name} for field in model._meta.fields if field.unique]
    keys += [set(fields) for fields in model._meta.unique_together]
    keys += [
        set(constraint.fields)
        for constraint in model._meta.constraints
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields and constraint.condition is None
    ]
    if issubclass(model, TreeNode):
        keys.append({"path"})  # the materialised path ends in the node's own id
    return keys


def _is_total(model) -> bool:
    fields = {name.lstrip("-") for name in model._meta.ordering}
    return any(key <= fields for key in _unique_keys(model))


def test_every_default_ordering_ends_in_a_unique_key():
    models_ = [model for model in apps.get_models() if model.__module__.startswith("probity.")]
    tied = sorted(model._meta.label for model in models_ if model._meta.ordering and not _is_total(model))
    assert tied == []
