"""One builder: (template version, period, scope) → inputs → document tree.

``collect_inputs`` reads the database once per indicator and period (a fixed
number of queries whatever the number of records) and returns plain JSON.
``build_document`` reads nothing but those inputs, so a stored report re-builds
to the same tree, and every renderer then gives the same bytes of text.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from probity.core.consistency import run_checks
from probity.core.document import Chart, Document, FigureRun, Heading, Paragraph, Table, TextRun
from probity.core.indicators import all_indicators
from probity.core.language import language_of_record, period_text
from probity.core.roc import Period
from probity.org.models import Agency
from probity.reports import sandbox
from probity.reports.disclosure import Suppressed
from probity.reports.enums import HighlightSection
from probity.reports.models import Highlight

INPUTS_VERSION = 1
TREND_PERIODS = 6  # the line chart's span; it also holds the previous half-year and the year before
ANNEX_MARK = "[[annex]]"
# The line chart follows these headline figures when they are registered.
TREND_KEYS = (
    "complaints.received",
    "activities.meetings.integrity",
    "prevention.preventive_actions",
    "activities.inspections.security",
    "activities.protest_alerts",
)
_HEADING = re.compile(r"^(=|#{1,3})\s*(.*)$")
_NUMBERING = re.compile(
    r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．]|附錄[一二三四五六七八九十]*[、　 ]?)\s*"
)
_FIGURE = re.compile(sandbox.FIGURE_OPEN + r"([^" + sandbox.FIGURE_CLOSE + r"|]*)(?:\|(\d+))?" + sandbox.FIGURE_CLOSE)
MISSING = "〔未登錄指標 {key}〕"
# Each indicator is a panel with its own scale (counts of meetings and of attendances differ a thousandfold);
# a chapter with more panels than fit a page goes on in a second chart.
PANELS_PER_CHART = 16
OTHER_CHAPTER = "其他"  # indicators whose section is not a chapter of the report (附表)


# --- inputs -----------------------------------------------------------------


def encode_value(value):
    return str(value) if isinstance(value, Decimal) else value


def decode_value(value):
    return Decimal(value) if isinstance(value, str) else value


def indicator_inputs(period: Period, scope) -> dict:
    """The registered indicators for the period, the previous half-year and the year before; the
    headline ones also over the last six half-years (the line chart). A fixed number of queries
    per indicator, whatever the number of records."""
    periods = period.recent(TREND_PERIODS)
    compared = [period.year_earlier(), period.previous(), period]
    registered = all_indicators()
    trend = trend_keys(registered)
    indicators = []
    for ind in registered:
        span = periods if ind.key in trend else compared
        values = {p.code: encode_value(ind.evaluate(p, scope).value) for p in span}
        indicators.append(
            {"key": ind.key, "label": str(ind.label), "unit": ind.unit, "section": ind.section, "values": values}
        )
    return {
        "period": period.code,
        "periods": [p.code for p in periods],
        "trend_keys": trend,
        "scope": scope_inputs(scope),
        "indicators": indicators,
    }


def trend_keys(registered) -> list[str]:
    keys = {ind.key for ind in registered}
    chosen = [key for key in TREND_KEYS if key in keys]
    return chosen or [ind.key for ind in registered if ind.unit != "%"][:5]


def current_values(inputs: dict) -> dict:
    return {item["key"]: decode_value(item["values"][inputs["period"]]) for item in inputs["indicators"]}


def collect_inputs(*, version, period: Period, scope) -> dict:
    """Everything a report needs, read from the database now, as plain JSON.

    The report is an official record: names and messages are read in the language of record, whatever the
    language of the page that asked for them."""
    with language_of_record():
        return _collect_inputs(version, period, scope)


def _collect_inputs(version, period: Period, scope) -> dict:
    inputs = indicator_inputs(period, scope)
    return {
        "inputs_version": INPUTS_VERSION,
        "template": {
            "name": version.template.name,
            "version": version.number,
            "version_code": str(version.code),
            "body": version.body,
        },
        **inputs,
        "highlights": highlight_inputs(period, scope),
        "checks": [str(message) for _check, message in run_checks(period, scope, current_values(inputs))],
    }


def scope_inputs(scope) -> dict:
    if scope.is_city:
        root = Agency.objects.filter(parent__isnull=True).order_by("path").first()
        title = root.name if root else str(scope.label)
    else:
        title = scope.unit.name
    return {"code": scope.code, "label": str(scope.label), "title": title, "is_city": scope.is_city}


def highlight_inputs(period: Period, scope) -> dict:
    """The highlights the central department chose for this period, by section, within the scope."""
    chosen = scope.filter(Highlight.objects.filter(period=period.code, selected=True)).select_related("unit", "agency")
    grouped: dict[str, list] = {section.value: [] for section in HighlightSection}
    for item in chosen.order_by("section", "sort_order", "created_at", "id"):
        grouped[item.section].append(
            {
                "title": item.title,
                "body": item.body,
                "links": item.link_list,
                "unit": item.unit.name,
                "agency": str(item.agency) if item.agency else "",
            }
        )
    return grouped


# --- formatting -------------------------------------------------------------


def format_value(value, decimals: int | None = None) -> str:
    """1170 → 1,170; Decimal 2.00 → 2; with ``decimals`` a fixed number of places (98.39)."""
    if value is None:
        return "—"
    if isinstance(value, Suppressed):
        return str(value)
    value = decode_value(value)
    if decimals is not None:
        return f"{Decimal(value):,.{decimals}f}"
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return f"{int(value):,}"
        return f"{value.normalize():,f}"
    return f"{value:,}"


def format_change(now, before) -> str:
    now, before = decode_value(now), decode_value(before)
    if now is None or before is None or isinstance(now, Suppressed) or isinstance(before, Suppressed):
        return "—"
    diff = now - before
    if diff == 0:
        return "0"
    return ("+" if diff > 0 else "−") + format_value(abs(diff))


def records_url(key: str, period_code: str, scope_code: str) -> str:
    return reverse("reports:records", args=[key]) + "?" + urlencode({"period": period_code, "scope": scope_code})


# --- the document -----------------------------------------------------------


def template_context(inputs: dict) -> dict:
    period = Period.parse(inputs["period"])
    return {
        "period": {
            "code": period.code,
            "label": period.label,
            "year": period.roc_year,
            "year_label": f"{period.roc_year}年",
            "half_label": "上半年" if period.half == 1 else "下半年",
        },
        "scope": {
            "label": inputs["scope"]["label"],
            "title": inputs["scope"]["title"],
            "is_city": inputs["scope"]["is_city"],
        },
        "highlights": inputs["highlights"],
    }


def build_document(inputs: dict) -> Document:
    """The report from its stored inputs, in the language of record (a page in English included)."""
    with language_of_record():
        return _build_document(inputs)


def _build_document(inputs: dict) -> Document:
    figures = {item["key"]: item for item in inputs["indicators"]}
    text = sandbox.render(inputs["template"]["body"], template_context(inputs), figures)
    warnings = list(inputs["checks"])
    blocks: list = []
    title = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line == ANNEX_MARK:
            blocks.extend(annex_blocks(inputs, blocks))
            continue
        if match := _HEADING.match(line):
            level = 0 if match[1] == "=" else len(match[1])
            numbering, rest = split_numbering(_FIGURE.sub("", match[2]))
            if level == 0:
                title = rest
            blocks.append(Heading(level, numbering, rest))
            continue
        blocks.append(Paragraph(tuple(_runs(line, inputs, figures, warnings))))
    return Document(
        title=title or inputs["template"]["name"],
        subtitle=f"{inputs['scope']['label']}　{Period.parse(inputs['period']).label}",
        blocks=tuple(blocks),
        warnings=tuple(dict.fromkeys(warnings)),
    )


def split_numbering(text: str) -> tuple[str, str]:
    match = _NUMBERING.match(text)
    if not match:
        return "", text
    return match[1], text[match.end() :]


def _runs(line: str, inputs: dict, figures: dict, warnings: list) -> list:
    runs: list = []
    position = 0
    for match in _FIGURE.finditer(line):
        if match.start() > position:
            runs.append(TextRun(line[position : match.start()]))
        runs.append(_figure_run(match[1], match[2], inputs, figures, warnings))
        position = match.end()
    if position < len(line):
        runs.append(TextRun(line[position:]))
    return runs


def _figure_run(key: str, decimals, inputs: dict, figures: dict, warnings: list) -> FigureRun:
    item = figures.get(key)
    if item is None:
        warnings.append(f"範本使用了未登錄的指標「{key}」，報告中以標記代替數值。")
        return FigureRun(key=key, text=MISSING.format(key=key), url="", missing=True)
    value = item["values"].get(inputs["period"])
    return FigureRun(
        key=key,
        text=format_value(value, int(decimals) if decimals else None),
        url=records_url(key, inputs["period"], inputs["scope"]["code"]),
        label=item["label"],
    )


# --- statistical annex --------------------------------------------------------


def annex_rows(inputs: dict) -> list[dict]:
    """One row per indicator: this period, the previous half-year and the same half-year a year earlier."""
    period = Period.parse(inputs["period"])
    previous, year_earlier = period.previous().code, period.year_earlier().code
    rows = []
    for item in inputs["indicators"]:
        values = item["values"]
        now = values.get(period.code)
        rows.append(
            {
                "key": item["key"],
                "section": item["section"],
                "label": item["label"],
                "unit": item["unit"],
                "now": decode_value(now),
                "previous": decode_value(values.get(previous)),
                "year_earlier": decode_value(values.get(year_earlier)),
                "change_previous": format_change(now, values.get(previous)),
                "change_year": format_change(now, values.get(year_earlier)),
                "series": [decode_value(values.get(code)) for code in inputs["periods"]],
            }
        )
    return rows


def annex_header(inputs: dict) -> tuple:
    period = Period.parse(inputs["period"])
    return (
        "章節",
        "指標",
        "單位",
        period.label,
        f"前期（{period.previous().label}）",
        "增減",
        f"去年同期（{period.year_earlier().label}）",
        "增減",
    )


def annex_blocks(inputs: dict, before: list) -> list:
    period = Period.parse(inputs["period"])
    rows = annex_rows(inputs)
    blocks: list = [Heading(1, "附錄　", "統計附表")]
    table_rows = tuple(
        (
            row["section"],
            row["label"],
            row["unit"],
            format_value(row["now"]),
            format_value(row["previous"]),
            row["change_previous"],
            format_value(row["year_earlier"]),
            row["change_year"],
        )
        for row in rows
    )
    blocks.append(Table(f"表1　{period.label}各項指標與前期、去年同期比較", annex_header(inputs), table_rows))
    chapter_titles = {b.numbering.rstrip("、"): b.text for b in before if isinstance(b, Heading) and b.level == 1}
    figure_no = 0
    for chapter, chapter_rows in _rows_by_chapter(rows):
        # A percentage is not a count to set beside counts; a count that is zero in all three periods has
        # nothing to show (the table gives it).
        counted = [row for row in chapter_rows if row["unit"] != "%" and _has_figures(row)]
        if not counted:
            continue
        figure_no += 1
        caption = _("圖%(number)d　%(chapter)s：本期、前期與去年同期") % {
            "number": figure_no,
            "chapter": _chapter_caption(chapter, chapter_titles.get(chapter, "")),
        }
        for first in range(0, len(counted), PANELS_PER_CHART):
            part = counted[first : first + PANELS_PER_CHART]
            blocks.append(
                Chart(
                    caption=caption if first == 0 else _("%(caption)s（續）") % {"caption": caption},
                    kind="bars",
                    data={
                        "labels": [row["label"] for row in part],
                        "series": [
                            [period_text(when), [_number(row[column]) for row in part]]
                            for when, column in (
                                (period, "now"),
                                (period.previous(), "previous"),
                                (period.year_earlier(), "year_earlier"),
                            )
                        ],
                    },
                )
            )
    trend = _trend_rows(rows, inputs)
    if trend:
        figure_no += 1
        blocks.append(
            Chart(
                caption=_("圖%(number)d　近%(count)d個半年度主要指標趨勢")
                % {"number": figure_no, "count": TREND_PERIODS},
                kind="line",
                data={
                    "periods": [period_text(Period.parse(code)) for code in inputs["periods"]],
                    "series": [[row["label"], [_number(v) for v in row["series"]]] for row in trend],
                },
            )
        )
    return blocks


def _chapter_caption(chapter: str, name: str) -> str:
    if name:
        return f"{chapter}、{name}"
    return _("其他指標") if chapter == OTHER_CHAPTER else _("第%(chapter)s章") % {"chapter": chapter}


def _rows_by_chapter(rows: list[dict]) -> list[tuple[str, list[dict]]]:
    chapters: dict[str, list[dict]] = {}
    for row in rows:
        match = re.match(r"^([一二三四五六七八九十]+)", row["section"])
        chapters.setdefault(match[1] if match else OTHER_CHAPTER, []).append(row)
    return list(chapters.items())


def _trend_rows(rows: list[dict], inputs: dict) -> list[dict]:
    by_key = {row["key"]: row for row in rows}
    return [by_key[key] for key in inputs.get("trend_keys", []) if key in by_key]


def _has_figures(row: dict) -> bool:
    """Whether the chart has something to draw for the row; a hidden figure (NaN) counts as something."""
    return any(_number(row[column]) != 0 for column in ("now", "previous", "year_earlier"))


def _number(value) -> float:
    if isinstance(value, Suppressed):
        return math.nan  # no bar and a gap in the line: a chart must not give back a hidden figure
    return float(value) if value is not None else 0.0
