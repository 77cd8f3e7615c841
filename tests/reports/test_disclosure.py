"""Small counts in the public copy of a unit's report: which figures are hidden, and where it shows."""

import math
import re

import pytest
from django.urls import reverse

from probity.audit.models import AuditEvent
from probity.core.document import Chart, Paragraph, Table
from probity.core.indicators import all_indicators
from probity.reports import builder, disclosure, domain, publication, renderers
from tests.reports.conftest import add_figure
from tests.reports.test_views import SEED_PERIOD, make_report

PREVIOUS = SEED_PERIOD.previous().code
NOW = SEED_PERIOD.code


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    settings.PROBITY_PUBLIC_MIN_COUNT = 3


def inputs_with(values: dict, *, is_city=False) -> dict:
    """Report inputs over the registered indicators, ``values`` by key: a number for this half-year, or
    a dict of half-year codes."""
    indicators = [
        {
            "key": ind.key,
            "label": str(ind.label),
            "unit": ind.unit,
            "section": ind.section,
            "values": values.get(ind.key) if isinstance(values.get(ind.key), dict) else {NOW: values.get(ind.key, 0)},
        }
        for ind in all_indicators()
    ]
    return {"period": NOW, "scope": {"is_city": is_city}, "indicators": indicators}


def hidden(inputs) -> list[tuple[str, str, str]]:
    return [(cell.key, cell.period, cell.text) for cell in disclosure.cells(inputs)]


COMPLAINTS = {
    "complaints.received": 10,
    "complaints.received.named": 10,
    "complaints.outcome.cleared": 4,
    "complaints.outcome.referred": 6,
}
OUTCOMES = (
    "complaints.outcome.administrative",
    "complaints.outcome.cleared",
    "complaints.outcome.open",
    "complaints.outcome.referred",
)  # in the registry's order here: one section, keys alphabetical


def test_a_small_part_withholds_every_part_of_its_total_but_not_the_total(seed_indicators):
    inputs = inputs_with({**COMPLAINTS, "complaints.received.named": 9, "complaints.received.anonymous": 1})
    assert hidden(inputs) == [
        ("complaints.received.anonymous", NOW, "＊"),
        ("complaints.received.named", NOW, "＊"),
    ]


def test_parts_whose_bounds_would_give_them_away_are_withheld_not_bounded(seed_indicators):
    # Two parts "below 3" of a total of 4 could only be 2 and 2.
    inputs = inputs_with(
        {
            "complaints.received": 4,
            "complaints.received.named": 2,
            "complaints.received.anonymous": 2,
            "complaints.outcome.referred": 4,
        }
    )
    assert hidden(inputs) == [
        ("complaints.received.anonymous", NOW, "＊"),
        ("complaints.received.named", NOW, "＊"),
    ]


def test_zero_and_counts_at_the_threshold_stay(seed_indicators):
    inputs = inputs_with({**COMPLAINTS, "complaints.received.named": 7, "complaints.received.anonymous": 3})
    assert hidden(inputs) == []


def test_a_small_total_is_bounded_and_withholds_both_its_splits_zeros_included(seed_indicators):
    inputs = inputs_with({"complaints.received": 2, "complaints.received.named": 2, "complaints.outcome.open": 2})
    assert hidden(inputs) == [
        *((key, NOW, "＊") for key in OUTCOMES),
        ("complaints.received", NOW, "未滿3"),
        ("complaints.received.anonymous", NOW, "＊"),
        ("complaints.received.named", NOW, "＊"),
    ]


def test_a_small_outcome_withholds_the_outcomes_only(seed_indicators):
    inputs = inputs_with({**COMPLAINTS, "complaints.outcome.administrative": 1, "complaints.outcome.referred": 5})
    assert hidden(inputs) == [(key, NOW, "＊") for key in OUTCOMES]


def test_a_small_finding_withholds_every_finding_of_the_reviews_done():
    # The registered indicators: reviews with no discrepancy are not sensitive, yet 10 − 9 would give back 1.
    inputs = inputs_with(
        {
            "declarations.reviews.done": 10,
            "declarations.findings.no_issue": 9,
            "declarations.findings.unintentional": 1,
        }
    )
    assert hidden(inputs) == [
        ("declarations.findings.no_issue", NOW, "＊"),
        ("declarations.findings.unintentional", NOW, "＊"),
        ("declarations.findings.intentional", NOW, "＊"),
    ]


def test_every_half_year_shown_is_checked_on_its_own(seed_indicators):
    inputs = inputs_with({**COMPLAINTS, "complaints.disciplined.persons": {NOW: 5, PREVIOUS: 1}})
    assert hidden(inputs) == [("complaints.disciplined.persons", PREVIOUS, "未滿3")]


def test_figures_that_single_out_no_one_stay_small(seed_indicators):
    inputs = inputs_with({**COMPLAINTS, "activities.meetings.integrity": 1, "complaints.indicted.persons": 1})
    assert hidden(inputs) == []


def test_a_referral_still_under_investigation_is_small_but_an_indictment_is_public(seed_indicators):
    inputs = inputs_with(
        {**COMPLAINTS, "complaints.prosecutor_referrals": 2, "complaints.indicted.cases": 1}, is_city=False
    )
    assert hidden(inputs) == [("complaints.prosecutor_referrals", NOW, "未滿3")]


def test_the_city_report_and_a_threshold_of_one_hide_nothing(settings, seed_indicators):
    small = {**COMPLAINTS, "complaints.received.anonymous": 1, "complaints.received.named": 9}
    assert hidden(inputs_with(small, is_city=True)) == []
    settings.PROBITY_PUBLIC_MIN_COUNT = 1
    assert hidden(inputs_with(small)) == []


def test_the_registry_marks_complaints_findings_and_discipline_as_sensitive():
    assert {ind.key for ind in all_indicators() if ind.sensitive} == {
        "complaints.received",
        "complaints.received.named",
        "complaints.received.anonymous",
        "complaints.outcome.administrative",
        "complaints.outcome.cleared",
        "complaints.outcome.referred",
        "complaints.outcome.open",
        "complaints.prosecutor_referrals",
        "complaints.disciplined.cases",
        "complaints.disciplined.persons",
        "declarations.findings.unintentional",
        "declarations.findings.intentional",
    }


# --- the public copy of a unit's report ------------------------------------------------------------------


@pytest.fixture
def unit_report(cast, seed_indicators, settings):
    """甲局政風室's 110H2 report: 493 named complaints and 7 anonymous ones (small below 10), and a year
    earlier 4 anonymous ones."""
    settings.PROBITY_PUBLIC_MIN_COUNT = 10
    for key, value in {
        "complaints.received": 500,
        "complaints.received.named": 493,
        "complaints.received.anonymous": 7,
        "complaints.outcome.referred": 500,
    }.items():
        add_figure(key, value, actor=cast.officer, period=SEED_PERIOD)
    add_figure("complaints.received", 64, actor=cast.officer, period=SEED_PERIOD.year_earlier())
    add_figure("complaints.received.anonymous", 4, actor=cast.officer, period=SEED_PERIOD.year_earlier())
    add_figure("complaints.received.named", 60, actor=cast.officer, period=SEED_PERIOD.year_earlier())
    return make_report(unit=cast.unit_a)


def without_anchor(page: str) -> str:
    """The page without its audit anchor, whose hash may hold any digits."""
    return re.sub(r"probity-audit-anchor[^<]*", "", page)


def _annex_row(document, key_label):
    table = next(block for block in document.blocks if isinstance(block, Table))
    return next(row for row in table.rows if row[1] == key_label)


def test_the_public_copy_gives_hidden_figures_as_below_the_threshold(unit_report):
    document = publication.public_document(unit_report)
    text = "\n".join(block.text for block in document.blocks if isinstance(block, Paragraph))
    assert "受理檢舉貪瀆不法案件500案，其中具名檢舉＊案，匿名檢舉＊件" in text
    assert "493" not in text
    assert document.blocks[1].text == (
        "說明：為免識別檢舉人、財產申報人、受偵查或受議處人員，本報告中少於10的相關數字以「未滿10」表示；"
        "合計或其細項有少於10者，細項均以「＊」表示不公開。"
    )
    anonymous = _annex_row(document, "測試指標 complaints.received.anonymous")
    assert anonymous[3:] == ("＊", "0", "—", "＊", "—")
    named = _annex_row(document, "測試指標 complaints.received.named")
    assert named[3:] == ("＊", "0", "—", "＊", "—")
    received = _annex_row(document, "測試指標 complaints.received")
    assert received[3:] == ("500", "0", "+500", "64", "+436")


def test_the_public_charts_leave_a_gap_where_a_figure_is_hidden(unit_report):
    document = publication.public_document(unit_report)
    bars = [block for block in document.blocks if isinstance(block, Chart) and block.kind == "bars"]
    chapter_three = next(chart for chart in bars if "測試指標 complaints.received.anonymous" in chart.data["labels"])
    position = chapter_three.data["labels"].index("測試指標 complaints.received.anonymous")
    now, _previous, year_earlier = (series[1][position] for series in chapter_three.data["series"])
    assert math.isnan(now) and math.isnan(year_earlier)


def test_staff_keep_every_figure(unit_report):
    document = builder.build_document(unit_report.inputs)
    assert _annex_row(document, "測試指標 complaints.received.anonymous")[3] == "7"
    assert "未滿" not in renderers.html_body(document)


def test_the_portal_reads_the_public_copy(client, cast, unit_report):
    domain.publish_report(unit_report, actor=cast.admin)
    page = client.get(reverse("portal:report_detail", args=[unit_report.code])).content.decode()
    body = re.sub(r"<[^>]+>", "", page[page.index('<div class="report-preview"') :])
    assert "具名檢舉＊案，匿名檢舉＊件" in body
    assert "493" not in without_anchor(body)
    pdf = client.get(reverse("portal:report_download", args=[unit_report.code, "pdf"]))
    assert pdf.status_code == 200


def _report_text(page: str) -> str:
    """The words of the report on a portal page (its addresses hold random codes that may contain any digits)."""
    return re.sub(r"<[^>]+>", "", page[page.index('<div class="report-preview"') :])


def test_a_changed_threshold_renders_a_new_public_file(client, cast, unit_report, settings):
    domain.publish_report(unit_report, actor=cast.admin)
    url = reverse("portal:report_detail", args=[unit_report.code])
    assert "493" not in without_anchor(_report_text(client.get(url).content.decode()))
    settings.PROBITY_PUBLIC_MIN_COUNT = 4
    page = client.get(url).content.decode()
    assert "其中具名檢舉493案，匿名檢舉7件" in page


def test_publishing_records_what_the_public_copy_leaves_out(cast, unit_report):
    domain.publish_report(unit_report, actor=cast.admin)
    event = AuditEvent.objects.get(verb="reports.report.published")
    assert event.data["suppressed"] == [
        f"complaints.received.anonymous@{SEED_PERIOD.year_earlier().code}",
        f"complaints.received.anonymous@{NOW}",
        f"complaints.received.named@{SEED_PERIOD.year_earlier().code}",
        f"complaints.received.named@{NOW}",
    ]


def test_the_staff_page_lists_the_hidden_figures_with_their_values(clients, unit_report):
    page = clients["admin"].get(unit_report.get_absolute_url())
    rows = [(row["label"], row["period"], row["value"], row["cell"].text) for row in page.context["hidden"]]
    assert rows == [
        ("測試指標 complaints.received.anonymous", "109年下半年", "4", "＊"),
        ("測試指標 complaints.received.anonymous", "110年下半年", "7", "＊"),
        ("測試指標 complaints.received.named", "109年下半年", "60", "＊"),
        ("測試指標 complaints.received.named", "110年下半年", "493", "＊"),
    ]
    assert 'id="public-suppression"' in page.content.decode()


def test_the_city_report_page_has_no_such_list(clients, cast, seed_indicators):
    add_figure("complaints.received.anonymous", 1, actor=cast.officer, period=SEED_PERIOD)
    page = clients["admin"].get(make_report().get_absolute_url())
    assert page.context["hidden"] == []
    assert 'id="public-suppression"' not in page.content.decode()
