import datetime as dt

import pytest

from probity.core.navigation import entries_for
from probity.core.worklists import worklists_for
from tests.conflicts.conftest import make_disclosure

KEYS = {
    "prevention.recommendations_overdue",
    "prevention.risks_review_due",
    "conflicts.disclosures_to_publish",
    "conflicts.recusal_rollup_due",
}


@pytest.mark.parametrize("role", ["admin", "officer", "outsider", "auditor"])
def test_worklists_are_registered_and_scoped_for_each_role(cast, records, role):
    user = getattr(cast, role)
    make_disclosure(cast.agency_a, concluded_on=dt.date(2021, 9, 1))
    lists = {w.key: w for w in worklists_for(user)}
    assert set(lists) >= KEYS
    overdue = lists["prevention.recommendations_overdue"].items_for(user)
    assert overdue.count() == {"admin": 2, "auditor": 2, "officer": 1, "outsider": 1}[role]
    to_publish = lists["conflicts.disclosures_to_publish"].items_for(user)
    assert to_publish.count() == (0 if role == "outsider" else 1)


def test_menu_entries_for_officer(cast):
    labels = {str(item["label"]) for section in entries_for(cast.officer) for item in section["items"]}
    assert {"專案稽核", "廉政風險", "身分關係揭露", "迴避案件"} <= labels
