"""Demo recusals and relationship disclosures for 109H1–111H1 (the seed report gives no figures for them).

Written through the domain functions with ``actor=None``; existing records are left alone.
"""

import datetime as dt
import random
from decimal import Decimal

from probity.conflicts import domain
from probity.conflicts.enums import (
    DealCategory,
    DisclosureMode,
    Exception_,
    RecusalDecision,
    RecusalKind,
    Relationship,
    TransactionType,
)
from probity.conflicts.models import Recusal, RelationshipDisclosure
from probity.core.demo import register
from probity.core.roc import Period
from probity.org.models import Agency

PERIODS = {"109H1": (5, 4), "109H2": (7, 6), "110H1": (6, 5), "110H2": (9, 8), "111H1": (4, 7)}
AGENCIES = ["public-works", "social-affairs", "education", "urban-dev", "econ-dev", "health", "cultural-affairs"]
NAMES = ["陳建志", "林美惠", "黃冠廷", "張雅雯", "李宗憲", "王怡萍", "吳承翰", "劉佩君", "蔡明哲"]
MATTERS = [
    ("審查其二親等親屬申請之補助案", "申請人為本人之弟"),
    ("參與配偶任職公司投標之採購評選", "配偶為投標廠商經理人"),
    ("考績評定涉及本人之子", "受評人為二親等親屬"),
    ("審議本人擔任董事之基金會補助申請", "本人為基金會董事"),
]
DEALS = [
    ("社區照顧關懷據點補助", DealCategory.SUBSIDY, "", Exception_.SUBSIDY, "公開徵求，依補助作業要點審查"),
    (
        "校園修繕工程",
        DealCategory.TRANSACTION,
        TransactionType.CONTRACT,
        Exception_.PUBLIC_NOTICE,
        "政府採購法公告程序",
    ),
    ("市有房地標租", DealCategory.TRANSACTION, TransactionType.LEASE, Exception_.COMPETITIVE, "公開標租"),
    ("藝文展演活動補助", DealCategory.SUBSIDY, "", Exception_.SUBSIDY, "依補助要點公開審查"),
]


def _agency(key: str) -> Agency:
    return Agency.objects.get(key=key)


def _load_period(rng: random.Random, period: Period, recusals: int, disclosures: int) -> None:
    for index in range(recusals):
        agency = _agency(AGENCIES[(index + period.half) % len(AGENCIES)])
        filed_on = period.first_day + dt.timedelta(days=5 + index * (170 // recusals))
        name = NAMES[(index + period.roc_year) % len(NAMES)]
        matter, reason = MATTERS[index % len(MATTERS)]
        if Recusal.objects.filter(agency=agency, official_name=name, filed_on=filed_on).exists():
            continue
        kind = list(RecusalKind)[index % len(RecusalKind)]
        domain.record_recusal(
            actor=None,
            agency=agency,
            kind=kind,
            official_name=name,
            official_title=rng.choice(["科長", "股長", "課長", "主任"]),
            matter=matter,
            reason=reason,
            applicant="利害關係人（投標廠商）" if kind == RecusalKind.APPLICATION else "",
            filed_on=filed_on,
            decision=RecusalDecision.RECUSED,
            decided_on=filed_on + dt.timedelta(days=2),
            deputy="副科長",
        )
    for index in range(disclosures):
        agency = _agency(AGENCIES[(index * 2 + period.half) % len(AGENCIES)])
        concluded_on = period.first_day + dt.timedelta(days=3 + index * (170 // disclosures))
        deal_name, category, transaction_type, exception, basis = DEALS[index % len(DEALS)]
        deal_name = f"{period.roc_year}年度{deal_name}"
        related = NAMES[(index + 3) % len(NAMES)]
        if RelationshipDisclosure.objects.filter(
            agency=agency, deal_name=deal_name, concluded_on=concluded_on, related_party_name=related
        ).exists():
            continue
        # Most are published within 30 days; the latest ones of the last period still wait (the worklist).
        late = concluded_on > dt.date(2022, 6, 1)
        domain.record_disclosure(
            actor=None,
            agency=agency,
            mode=DisclosureMode.POST,
            category=category,
            transaction_type=transaction_type,
            official_name=NAMES[index % len(NAMES)],
            official_agency=agency.name,
            official_title="科長",
            related_party_name=related,
            relationship=Relationship.RELATIVE,
            relationship_detail="兄弟姊妹",
            deal_name=deal_name,
            concluded_on=concluded_on,
            counterparty=related,
            amount=Decimal(rng.choice([85_000, 150_000, 320_000, 1_200_000])),
            legal_basis=basis,
            exception=exception,
            published_on=None if late else concluded_on + dt.timedelta(days=rng.randint(3, 25)),
            internal_note="承辦人已確認身分關係。",
        )


@register("conflicts", order=40)
def load(stdout=None, **options) -> None:
    rng = random.Random(1071213)
    for code, (recusals, disclosures) in PERIODS.items():
        _load_period(rng, Period.parse(code), recusals, disclosures)
    if stdout is not None:
        stdout.write("  conflicts: recusals and relationship disclosures")
