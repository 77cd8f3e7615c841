"""A re-prevention report links the complaint cases and prosecutor referrals it learns from."""

import datetime as dt

import pytest
from django.urls import reverse

from probity.audit.models import AuditEvent
from probity.complaints import domain as complaints
from probity.complaints.enums import Category, Channel, OffenceType
from probity.prevention import domain
from probity.prevention.models import RepreventionReport
from tests.prevention.conftest import make_reprevention


def _complaint(agency, summary):
    return complaints.receive_complaint(
        actor=None,
        agency=agency,
        channel=Channel.LETTER,
        received_on=dt.date(2021, 8, 2),
        is_anonymous=True,
        categories=[Category.BRIBERY],
        summary=summary,
    )


def _referral(unit, agency, doc_no, complaint):
    return complaints.refer_to_prosecutors(
        actor=None,
        unit=unit,
        agency=agency,
        office="高雄地檢署",
        referred_on=dt.date(2021, 9, 1),
        doc_no=doc_no,
        offence_types=[OffenceType.values[0]],
        summary=f"{complaint.summary}函送",
        complaint=complaint,
    )


@pytest.fixture
def cases(cast):
    complaint_a = _complaint(cast.agency_a, "甲局承辦人收賄")
    complaint_b = _complaint(cast.agency_b, "乙局承辦人收賄")
    return {
        "complaint_a": complaint_a,
        "complaint_b": complaint_b,
        "referral_a": _referral(cast.unit_a, cast.agency_a, "高市甲政字第1號", complaint_a),
        "referral_b": _referral(cast.unit_b, cast.agency_b, "高市乙政字第1號", complaint_b),
    }


def test_create_links_complaints_and_referrals(cast, cases):
    report = make_reprevention(cast.agency_a, complaints=[cases["complaint_a"]], referrals=[cases["referral_a"]])
    assert list(report.complaints.all()) == [cases["complaint_a"]]
    assert list(report.referrals.all()) == [cases["referral_a"]]
    event = AuditEvent.objects.get(verb="prevention.reprevention.created")
    assert event.data["links"] == {
        "complaints": [str(cases["complaint_a"].code)],
        "referrals": [str(cases["referral_a"].code)],
    }


def test_update_replaces_links(cast, cases):
    report = make_reprevention(cast.agency_a, complaints=[cases["complaint_a"]])
    domain.update_reprevention_report(report, actor=cast.officer, complaints=[])
    assert report.complaints.count() == 0


def test_form_offers_only_visible_records(clients, cases):
    form = clients["officer"].get(reverse("prevention:reprevention_create")).context["form"]
    assert list(form.fields["complaints"].queryset) == [cases["complaint_a"]]
    assert list(form.fields["referrals"].queryset) == [cases["referral_a"]]


def test_officer_links_through_the_form(clients, cast, cases):
    response = clients["officer"].post(
        reverse("prevention:reprevention_create"),
        {
            "agency": cast.agency_a.pk,
            "title": "收賄案再防貪",
            "issued_on": "110/10/01",
            "causes": "原因",
            "measures": "措施",
            "complaints": [cases["complaint_a"].pk],
            "referrals": [cases["referral_a"].pk],
        },
    )
    report = RepreventionReport.objects.get(title="收賄案再防貪")
    assert response.status_code == 302
    assert list(report.complaints.all()) == [cases["complaint_a"]]
    assert list(report.referrals.all()) == [cases["referral_a"]]


def test_form_refuses_an_out_of_scope_complaint(clients, cast, cases):
    response = clients["officer"].post(
        reverse("prevention:reprevention_create"),
        {
            "agency": cast.agency_a.pk,
            "title": "越權連結",
            "issued_on": "110/10/01",
            "causes": "原因",
            "measures": "措施",
            "complaints": [cases["complaint_b"].pk],
        },
    )
    assert response.status_code == 200
    assert not RepreventionReport.objects.filter(title="越權連結").exists()


def test_edit_keeps_links_the_user_cannot_see(clients, cast, cases):
    report = make_reprevention(cast.agency_a, complaints=[cases["complaint_a"], cases["complaint_b"]])
    response = clients["officer"].post(
        reverse("prevention:reprevention_edit", args=[report.code]),
        {"agency": cast.agency_a.pk, "title": "改名", "issued_on": "110/09/01", "causes": "原因", "measures": "措施"},
    )
    assert response.status_code == 302
    assert set(report.complaints.all()) == {cases["complaint_b"]}


def test_detail_shows_only_visible_links(clients, cast, cases):
    report = make_reprevention(
        cast.agency_a,
        complaints=[cases["complaint_a"], cases["complaint_b"]],
        referrals=[cases["referral_a"], cases["referral_b"]],
    )
    officer = clients["officer"].get(report.get_absolute_url()).content.decode()
    assert cases["complaint_a"].get_absolute_url() in officer
    assert cases["referral_a"].get_absolute_url() in officer
    assert cases["complaint_b"].get_absolute_url() not in officer
    assert cases["referral_b"].get_absolute_url() not in officer
    admin = clients["admin"].get(report.get_absolute_url()).content.decode()
    assert cases["complaint_b"].get_absolute_url() in admin
    assert cases["referral_b"].get_absolute_url() in admin


def test_domain_refuses_a_new_link_to_a_case_the_actor_cannot_see(cast, cases):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        domain.create_reprevention_report(
            actor=cast.officer,
            agency=cast.agency_a,
            title="越權連結",
            issued_on=dt.date(2021, 9, 1),
            causes="原因",
            measures="措施",
            complaints=[cases["complaint_b"]],
        )
    assert refused.value.message_dict == {"complaints": ["只能連結您權限範圍內的檢舉案件與移送案件。"]}
    assert not RepreventionReport.objects.filter(title="越權連結").exists()


def test_update_keeps_an_existing_link_the_actor_cannot_see(cast, cases):
    from django.core.exceptions import ValidationError

    report = make_reprevention(cast.agency_a, complaints=[cases["complaint_a"], cases["complaint_b"]])
    domain.update_reprevention_report(report, actor=cast.officer, complaints=[cases["complaint_b"]])
    assert list(report.complaints.all()) == [cases["complaint_b"]]
    with pytest.raises(ValidationError):
        domain.update_reprevention_report(report, actor=cast.officer, referrals=[cases["referral_b"]])
    assert report.referrals.count() == 0
