"""Records of unit A (agency A) and unit B (agency B), built through the domain functions."""

import datetime as dt
from dataclasses import dataclass

import pytest

from probity.activities import domain
from probity.activities.enums import AlertSource, InspectionKind, OutreachForm, OutreachTopic


@dataclass
class Records:
    meeting_a: object
    meeting_b: object
    outreach_a: object
    outreach_b: object
    inspection_a: object
    inspection_b: object
    alert_a: object
    alert_b: object


def make_meeting(agency, *, date=dt.date(2021, 9, 15), seq_no=1, integrity=True, security=False, proposals=1, **values):
    return domain.create_meeting(
        actor=None,
        agency=agency,
        date=date,
        seq_no=seq_no,
        is_integrity=integrity,
        is_security=security,
        chair=values.pop("chair", "局長陳志明"),
        proposals=[{"title": f"提案{n}"} for n in range(1, proposals + 1)],
        **values,
    )


def make_outreach(agency, *, date=dt.date(2021, 8, 20), topic=OutreachTopic.ASSET_DECLARATION, **values):
    return domain.create_outreach(
        actor=None,
        agency=agency,
        date=date,
        topic=topic,
        form=values.pop("form", OutreachForm.BRIEFING),
        title=values.pop("title", "公職人員財產申報說明會"),
        sessions=values.pop("sessions", 1),
        attendances=values.pop("attendances", 50),
        **values,
    )


def make_inspection(agency, *, date=dt.date(2021, 10, 5), kind=InspectionKind.SECURITY, **values):
    return domain.create_inspection(
        actor=None,
        agency=agency,
        date=date,
        kind=kind,
        title=values.pop("title", "辦公廳舍安全維護檢查"),
        findings=values.pop("findings", "監視錄影設備故障。"),
        **values,
    )


def make_alert(agency, *, date=dt.date(2021, 11, 2), **values):
    return domain.create_protest_alert(
        actor=None,
        agency=agency,
        date=date,
        source=values.pop("source", AlertSource.BUSINESS_UNIT),
        subject=values.pop("subject", "自救會陳情反對開發案"),
        **values,
    )


@pytest.fixture
def records(cast) -> Records:
    return Records(
        meeting_a=make_meeting(cast.agency_a, chair="局長甲"),
        meeting_b=make_meeting(cast.agency_b, chair="局長乙"),
        outreach_a=make_outreach(cast.agency_a, title="甲局財產申報說明會"),
        outreach_b=make_outreach(cast.agency_b, title="乙局財產申報說明會"),
        inspection_a=make_inspection(cast.agency_a, title="甲局安全維護檢查"),
        inspection_b=make_inspection(cast.agency_b, title="乙局安全維護檢查"),
        alert_a=make_alert(cast.agency_a, subject="甲局陳抗"),
        alert_b=make_alert(cast.agency_b, subject="乙局陳抗"),
    )
