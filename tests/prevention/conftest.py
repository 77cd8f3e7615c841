"""Builders of prevention records for the cast's agencies, written through the domain functions."""

import datetime as dt

import pytest

from probity.prevention import domain
from probity.prevention.enums import ActionChannel, ActionKind, DeedCategory, Treatment
from probity.prevention.queries import default_matrix


def make_audit(agency, *, completed_on=dt.date(2021, 9, 1), title="採購履約專案稽核", **values):
    return domain.create_special_audit(
        actor=None,
        agency=agency,
        title=title,
        business=values.pop("business", "工程採購履約管理"),
        audited_from=values.pop("audited_from", dt.date(2021, 1, 1)),
        audited_to=values.pop("audited_to", dt.date(2021, 6, 30)),
        completed_on=completed_on,
        **values,
    )


def make_action(
    agency, *, raised_on=dt.date(2021, 9, 1), kind=ActionKind.EARLY_WARNING, channel=ActionChannel.PROCUREMENT, **values
):
    return domain.create_preventive_action(
        actor=None,
        agency=agency,
        kind=kind,
        channel=channel,
        raised_on=raised_on,
        subject=values.pop("subject", "驗收程序未落實"),
        **values,
    )


def make_reprevention(agency, *, issued_on=dt.date(2021, 9, 1), **values):
    return domain.create_reprevention_report(
        actor=None,
        agency=agency,
        title=values.pop("title", "員工涉犯貪瀆案再防貪案"),
        issued_on=issued_on,
        causes="未落實分層審核",
        measures="職務輪調",
        **values,
    )


def make_platform(agency, *, launched_on=dt.date(2021, 9, 15), **values):
    return domain.create_platform(
        actor=None,
        agency=agency,
        name=values.pop("name", "特貿三都更案廉政平臺"),
        project=values.pop("project", "特貿三都市更新案"),
        launched_on=launched_on,
        **values,
    )


def make_selection(cast, *, year=110):
    return domain.open_selection(
        actor=None, unit=cast.department, roc_year=year, nomination_deadline=dt.date(1911 + year, 2, 28)
    )


def make_nomination(selection, agency, *, nominee="王大明", **values):
    return domain.nominate(
        actor=None,
        selection=selection,
        agency=agency,
        nominee=nominee,
        title=values.pop("title", "技正"),
        deed_category=values.pop("deed_category", DeedCategory.REFUSED_BRIBE),
        deeds=values.pop("deeds", "拒收廠商餽贈"),
        nominated_on=values.pop("nominated_on", dt.date(2021, 2, 20)),
    )


def make_risk(agency, *, next_review_on=dt.date(2030, 1, 1), matrix=None, **values):
    return domain.create_risk(
        actor=None,
        agency=agency,
        title=values.pop("title", "驗收人員與廠商勾串"),
        process=values.pop("process", "工程驗收"),
        matrix=matrix or default_matrix(),
        inherent_likelihood=values.pop("inherent_likelihood", 2),
        inherent_impact=values.pop("inherent_impact", 2),
        residual_likelihood=values.pop("residual_likelihood", None),
        residual_impact=values.pop("residual_impact", None),
        treatment=values.pop("treatment", Treatment.MITIGATE),
        owner=values.pop("owner", "業務主管"),
        assessed_on=values.pop("assessed_on", dt.date(2021, 3, 1)),
        next_review_on=next_review_on,
        **values,
    )


@pytest.fixture
def records(cast):
    """One record of each kind in unit A's agency, and one of each in unit B's agency."""
    selection = make_selection(cast)
    built = {}
    for side, agency in (("a", cast.agency_a), ("b", cast.agency_b)):
        audit = make_audit(agency, title=f"稽核{side}")
        built[f"audit_{side}"] = audit
        built[f"recommendation_{side}"] = domain.add_recommendation(
            audit, actor=None, text="建立抽查機制", reply_due=dt.date(2021, 11, 1)
        )
        built[f"action_{side}"] = make_action(agency, subject=f"預警{side}")
        built[f"reprevention_{side}"] = make_reprevention(agency, title=f"再防貪{side}")
        built[f"platform_{side}"] = make_platform(agency, name=f"平臺{side}", is_public=True)
        built[f"highlight_{side}"] = domain.create_highlight(
            actor=None,
            agency=agency,
            title=f"活動{side}",
            held_on=dt.date(2021, 10, 1),
            section="1-2-2",
            narrative="敘述",
        )
        built[f"nomination_{side}"] = make_nomination(selection, agency, nominee=f"被推薦人{side}")
        built[f"risk_{side}"] = make_risk(agency, title=f"風險{side}")
    built["selection"] = selection
    built["matrix"] = default_matrix()
    return built
