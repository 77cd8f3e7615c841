"""A user's scope: their unit's subtree, filtered on its unit ids."""

from probity.org.models import EthicsUnit, User
from probity.org.queries import visible_records


def test_the_scope_is_the_units_subtree(cast):
    units = EthicsUnit.objects.all()
    assert set(visible_records(cast.officer, units, field="parent")) == {cast.unit_a1}
    users = User.objects.all()
    assert set(visible_records(cast.officer, users)) == {cast.officer, cast.officer_a1}
    assert set(visible_records(cast.officer_a1, users)) == {cast.officer_a1}
    assert cast.officer not in set(visible_records(cast.outsider, users))
    assert set(visible_records(cast.admin, users)) == set(users)


def test_a_scoped_list_filters_on_unit_ids_without_joining_the_units(cast):
    """PostgreSQL leaves a small unit table unanalysed and would plan a join on it as one unit, rescanning the
    listed table once per unit; the scope's unit ids are read first instead."""
    sql = str(visible_records(cast.officer, User.objects.all()).query)
    assert "org_ethicsunit" not in sql
    assert f"IN ({cast.unit_a.pk}, {cast.unit_a1.pk})" in sql or f"IN ({cast.unit_a1.pk}, {cast.unit_a.pk})" in sql


def test_the_scopes_units_are_read_once_per_user_object_and_again_when_the_user_moves(cast, django_assert_num_queries):
    users = User.objects.all()
    with django_assert_num_queries(2):  # the units, then the list
        list(visible_records(cast.officer, users))
    with django_assert_num_queries(1):
        list(visible_records(cast.officer, users))
    cast.officer.unit = cast.unit_b
    assert set(visible_records(cast.officer, users)) == {cast.outsider}


def test_a_figures_scope_covers_its_units_subtree_on_their_ids(cast):
    from probity.org.scope import Scope

    users = User.objects.all()
    scoped = Scope(cast.unit_a).filter(users)
    assert set(scoped) == {cast.officer, cast.officer_a1}
    assert "org_ethicsunit" not in str(scoped.query)
    assert set(Scope(cast.unit_a1).filter(users)) == {cast.officer_a1}
    assert set(Scope.city().filter(users)) == set(users)
