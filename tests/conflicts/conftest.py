"""Builders of recusals and disclosures for the cast's agencies."""

import datetime as dt
from decimal import Decimal

import pytest

from probity.conflicts import domain
from probity.conflicts.enums import DealCategory, DisclosureMode, Exception_, RecusalKind, Relationship, TransactionType


def make_recusal(agency, *, filed_on=dt.date(2021, 9, 1), kind=RecusalKind.SELF, **values):
    return domain.record_recusal(
        actor=None,
        agency=agency,
        kind=kind,
        official_name=values.pop("official_name", "陳公職"),
        official_title=values.pop("official_title", "科長"),
        matter=values.pop("matter", "審查其弟申請之補助案"),
        applicant=values.pop("applicant", "利害關係人" if kind == RecusalKind.APPLICATION else ""),
        filed_on=filed_on,
        **values,
    )


def make_disclosure(agency, *, concluded_on=dt.date(2021, 9, 1), exception=Exception_.PUBLIC_NOTICE, **values):
    return domain.record_disclosure(
        actor=None,
        agency=agency,
        mode=values.pop("mode", DisclosureMode.POST),
        category=values.pop("category", DealCategory.TRANSACTION),
        transaction_type=values.pop("transaction_type", TransactionType.CONTRACT),
        official_name=values.pop("official_name", "王科長"),
        official_agency=values.pop("official_agency", "甲局"),
        official_title=values.pop("official_title", "科長"),
        related_party_name=values.pop("related_party_name", "王小弟"),
        relationship=values.pop("relationship", Relationship.RELATIVE),
        deal_name=values.pop("deal_name", "校舍修繕工程"),
        concluded_on=concluded_on,
        counterparty=values.pop("counterparty", "王小弟"),
        amount=Decimal(values.pop("amount", 250_000)),
        legal_basis=values.pop("legal_basis", "政府採購法公告程序"),
        exception=exception,
        **values,
    )


@pytest.fixture
def conflict_records(cast):
    built = {}
    for side, agency in (("a", cast.agency_a), ("b", cast.agency_b)):
        built[f"recusal_{side}"] = make_recusal(agency, official_name=f"公職{side}")
        built[f"disclosure_{side}"] = make_disclosure(agency, deal_name=f"交易{side}")
    return built
