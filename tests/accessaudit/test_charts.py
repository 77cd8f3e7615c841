"""The drill-down's chart of lookups per day: its scale fits the bars and the peers' line, in whole lookups."""

import datetime as dt
import re

from probity.accessaudit.charts import ALERTED, PLAIN, daily_lookups_svg

START, END = dt.date(2021, 8, 1), dt.date(2021, 8, 31)
LABELS = {"plain": "查閱筆數", "alerted": "當日有警示", "peers": "同仁平均", "axis": "每日查閱筆數"}


def _tick_labels(svg: bytes) -> list[str]:
    return re.findall(r">(\d+(?:\.\d+)?)</text>", svg.decode())


def test_the_scale_counts_whole_lookups_up_to_the_busiest_day():
    daily = [(dt.date(2021, 8, 2), 1), (dt.date(2021, 8, 3), 3)]
    svg = daily_lookups_svg(daily, START, END, set(), labels=LABELS)
    assert _tick_labels(svg) == ["0", "1", "2", "3"]


def test_the_scale_reaches_a_peers_mean_above_every_bar():
    daily = [(dt.date(2021, 8, 2), 1), (dt.date(2021, 8, 3), 3)]
    peers = {dt.date(2021, 8, 3): 40.0}
    svg = daily_lookups_svg(daily, START, END, set(), labels=LABELS, peers=peers)
    assert _tick_labels(svg)[-1] == "40"


def test_days_with_an_alert_are_orange_and_the_others_blue():
    daily = [(dt.date(2021, 8, 2), 1), (dt.date(2021, 8, 3), 3)]
    svg = daily_lookups_svg(daily, START, END, {dt.date(2021, 8, 3)}, labels=LABELS).decode()
    # A bar per day of the month, a day without lookups one of no height (the legend's swatches have a stroke).
    bars = re.findall(r'style="fill: (#[0-9a-f]{6})"', svg)
    assert (bars.count(ALERTED), bars.count(PLAIN)) == (1, 30)
