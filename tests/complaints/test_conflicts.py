"""Possible family ties between a case's staff and its subjects, from the spouses and minor children named in
asset declarations: a prompt on the case page, with a button that excludes the person from the case."""

import pytest
from django.urls import reverse

from probity.complaints import domain, queries
from probity.complaints.models import Exclusion
from tests.complaints.conftest import make_complaint
from tests.declarations.conftest import make_declarant


@pytest.fixture
def tied_case(cast):
    """A case against 王大明 of agency A, whose declared spouse bears the officer's name."""
    cast.officer.full_name = "陳美玲"
    cast.officer.save()
    make_declarant(cast.agency_a, 1, name="王大明", spouse_name="陳美玲", spouse_id_number="F223456789")
    case = make_complaint(cast, subjects=[domain.SubjectData(name="王大明", agency=cast.agency_a)])
    domain.assign_handler(case, actor=cast.officer, handler=cast.officer)
    return case


def _texts(case, users):
    return [conflict.text for conflict in queries.possible_conflicts(case, users)]


def test_a_handler_named_as_a_subjects_declared_spouse_is_flagged(tied_case, cast):
    # The same person declaring for a second post is the same tie.
    make_declarant(cast.agency_a, 1, name="王大明", position="兼任秘書", spouse_name="陳美玲")
    assert _texts(tied_case, [cast.officer, cast.admin]) == [
        "陳美玲與被檢舉人王大明（甲局科長）在財產申報所列的配偶同名"
    ]


def test_a_subject_named_as_a_handlers_declared_child_is_flagged(cast):
    cast.admin.full_name = "林志成"
    cast.admin.save()
    make_declarant(
        cast.city, 2, name="林志成", position="處長", minor_children=[{"name": "林小芸", "id_number": "E234567890"}]
    )
    case = make_complaint(cast, subjects=[domain.SubjectData(name="林小芸")])
    assert _texts(case, [cast.officer, cast.admin]) == [
        "被檢舉人林小芸與林志成（高雄市政府處長）在財產申報所列的子女同名"
    ]


def test_a_namesake_declarant_of_another_agency_is_not_the_subject(cast):
    cast.officer.full_name = "陳美玲"
    cast.officer.save()
    make_declarant(cast.agency_b, 3, name="王大明", spouse_name="陳美玲")
    case = make_complaint(cast, subjects=[domain.SubjectData(name="王大明", agency=cast.agency_a)])
    assert _texts(case, [cast.officer]) == []
    no_agency = make_complaint(cast, subjects=[domain.SubjectData(name="王大明")])
    assert _texts(no_agency, [cast.officer]) == ["陳美玲與被檢舉人王大明（乙局科長）在財產申報所列的配偶同名"]


def test_the_case_page_prompts_and_the_button_excludes(tied_case, cast, clients):
    url = tied_case.get_absolute_url()
    page = clients["officer"].get(url).content.decode()
    assert 'id="possible-conflicts"' in page
    assert "<li>陳美玲與被檢舉人王大明（甲局科長）在財產申報所列的配偶同名" in page
    assert page.count('value="陳美玲與被檢舉人王大明（甲局科長）在財產申報所列的配偶同名"') == 1
    auditor_page = clients["auditor"].get(url).content.decode()
    assert "<li>陳美玲與被檢舉人王大明（甲局科長）在財產申報所列的配偶同名" in auditor_page
    assert reverse("complaints:exclude", args=[tied_case.code]) not in auditor_page  # reads, never writes
    clients["admin"].post(
        reverse("complaints:exclude", args=[tied_case.code]),
        {"user": cast.officer.pk, "reason": "陳美玲與被檢舉人王大明（甲局科長）在財產申報所列的配偶同名"},
    )
    assert Exclusion.objects.get(complaint=tied_case).user == cast.officer
    assert 'id="possible-conflicts"' not in clients["admin"].get(url).content.decode()
    assert clients["officer"].get(url).status_code == 404  # excluded: the case is gone from their view


def test_the_handler_list_marks_whom_the_prompt_names(cast, clients):
    cast.admin.full_name = "陳美玲"
    cast.admin.save()
    make_declarant(cast.agency_a, 1, name="王大明", spouse_name="陳美玲")
    case = make_complaint(cast, subjects=[domain.SubjectData(name="王大明", agency=cast.agency_a)])
    page = clients["officer"].get(case.get_absolute_url()).content.decode()
    assert f'<option value="{cast.admin.pk}">陳美玲（可能須迴避）</option>' in page
    assert f'<option value="{cast.officer.pk}">{cast.officer}</option>' in page
    clients["officer"].cookies["django_language"] = "en"
    english = clients["officer"].get(case.get_absolute_url()).content.decode()
    assert f'<option value="{cast.admin.pk}">陳美玲 (may need to recuse)</option>' in english


def test_the_prompt_reads_in_english(tied_case, clients):
    clients["officer"].cookies["django_language"] = "en"
    page = clients["officer"].get(tied_case.get_absolute_url()).content.decode()
    assert (
        "陳美玲 shares a name with the spouse that the subject 王大明 (甲局, 科長) named in an asset declaration"
        in page
    )


def test_a_case_without_ties_shows_no_prompt_and_its_query_count_is_fixed(cast, clients, django_assert_num_queries):
    case = make_complaint(cast, subjects=[domain.SubjectData(name="張三")])
    assert 'id="possible-conflicts"' not in clients["officer"].get(case.get_absolute_url()).content.decode()
    with django_assert_num_queries(2):
        queries.possible_conflicts(case, [cast.officer, cast.admin])
