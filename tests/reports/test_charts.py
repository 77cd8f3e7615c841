"""The annex charts: one panel per counted indicator, a page's worth per chart, labels wrapped to fit."""

import math

from probity.core.document import Chart
from probity.core.roc import Period
from probity.reports import builder, charts

PERIOD = Period(110, 2)


def _inputs(rows: list[tuple[str, str, str, tuple]]) -> dict:
    """Annex inputs of (key, unit, section, (now, previous, year earlier)) rows."""
    codes = (PERIOD.code, PERIOD.previous().code, PERIOD.year_earlier().code)
    return {
        "period": PERIOD.code,
        "periods": [p.code for p in PERIOD.recent(builder.TREND_PERIODS)],
        "trend_keys": [],
        "indicators": [
            {
                "key": key,
                "label": f"指標{key}",
                "unit": unit,
                "section": section,
                "values": dict(zip(codes, values, strict=True)),
            }
            for key, unit, section, values in rows
        ],
    }


def _bars(inputs: dict) -> list[Chart]:
    return [block for block in builder.annex_blocks(inputs, []) if isinstance(block, Chart) and block.kind == "bars"]


def test_a_chapter_gets_one_panel_per_count_and_continues_past_a_page():
    counts = [(f"a{n:02}", "場次", "一(一)1", (n + 1, n, 0)) for n in range(20)]
    zeros = [("z", "案", "一(一)2", (0, 0, None))]
    share = [("p", "%", "一(一)3", (50, 40, 30))]
    chapter_two = [("b", "人次", "二(一)", (3, 0, 0))]
    bars = _bars(_inputs(counts + zeros + share + chapter_two))

    assert [chart.caption for chart in bars] == [
        "圖1　第一章：本期、前期與去年同期",
        "圖1　第一章：本期、前期與去年同期（續）",
        "圖2　第二章：本期、前期與去年同期",
    ]
    assert bars[0].data["labels"] == [f"指標a{n:02}" for n in range(16)]
    assert bars[1].data["labels"] == [f"指標a{n:02}" for n in range(16, 20)]  # no all-zero count, no share
    assert bars[1].data["series"] == [
        ["110年下半年", [17.0, 18.0, 19.0, 20.0]],
        ["110年上半年", [16.0, 17.0, 18.0, 19.0]],
        ["109年下半年", [0.0, 0.0, 0.0, 0.0]],
    ]


def test_a_panel_labels_each_bar_with_its_figure_and_a_hidden_one_with_a_dash():
    chart = Chart(
        "圖1", "bars", {"labels": ["受理檢舉"], "series": [["甲", [1234.0]], ["乙", [math.nan]], ["丙", [2.5]]]}
    )
    svg = charts.svg(chart).decode()
    assert ">1,234</text>" in svg and ">—</text>" in svg and ">2.5</text>" in svg
    assert ">0</text>" not in svg  # a hidden figure is never drawn as a zero


def test_titles_wrap_into_even_lines_that_never_start_with_a_comma():
    assert charts._wrap("利益衝突迴避法說明會參加人次") == ["利益衝突迴避法", "說明會參加人次"]
    assert charts._wrap("實質審查結果：非故意，附正確資料對照表") == ["實質審查結果：非故意，", "附正確資料對照表"]
    assert charts._wrap("保密宣導") == ["保密宣導"]
    assert charts._wrap("Complaints of corruption received") == ["Complaints of", "corruption received"]
    assert charts._wrap("Early warnings and corrective recommendations（Documents）") == [
        "Early warnings and",
        "corrective recommendations",
        "（Documents）",
    ]
    assert charts._wrap("一" * 50) == ["一" * 13, "一" * 13, "一" * 12 + "…"]


def test_the_trend_gives_each_headline_figure_its_own_panel_with_every_point_labelled():
    periods = [f"{year}年{half}半年" for year in (108, 109, 110) for half in "上下"]
    chart = Chart(
        "圖5",
        "line",
        {
            "periods": periods,
            "series": [["受理檢舉", [0, 498, 532, 549, 571, 1234.0]], ["預警", [math.nan, 14, 16, 15, 18, 7]]],
        },
    )
    svg = charts.svg(chart).decode()
    for text in (
        ">受理檢舉</text>",
        ">預警</text>",
        ">1,234</text>",
        ">498</text>",
        ">14</text>",
        ">108年上半年</text>",
    ):
        assert text in svg
    assert svg.count(">110年下半年</text>") == 2 and ">109年上半年</text>" not in svg  # the first and last only
    assert ">—</text>" not in svg  # a hidden point is a gap, not a label
