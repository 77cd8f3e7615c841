"""The ROC (民國) calendar: the one place that knows ROC year = AD year − 1911.

Half-year periods are written ``110H2`` in code and URLs and ``110年下半年``
to users. Dates are shown as ``110年7月1日`` or ``110/07/01``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

ROC_OFFSET = 1911
TAIPEI = ZoneInfo("Asia/Taipei")

_DIGITS = "零一二三四五六七八九"
_PERIOD_CODE = re.compile(r"^\s*(\d{1,3})\s*[Hh]\s*([12])\s*$")
_PERIOD_ZH = re.compile(r"^\s*(?:民國)?\s*(\d{1,3})\s*年\s*(?:度)?\s*([上下])半年\s*$")
_ROC_DATE = re.compile(r"^\s*(?:民國)?\s*(\d{1,3})\s*(?:[/.\-]|年)\s*(\d{1,2})\s*(?:[/.\-]|月)\s*(\d{1,2})\s*日?\s*$")
_ROC_DATE_COMPACT = re.compile(r"^\s*(\d{2,3})(\d{2})(\d{2})\s*$")


def to_roc_year(ad_year: int) -> int:
    return ad_year - ROC_OFFSET


def to_ad_year(roc_year: int) -> int:
    return roc_year + ROC_OFFSET


def local_date(value: dt.date | dt.datetime) -> dt.date:
    """The calendar date in Taipei of a date or an aware datetime."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime: times must be aware")
        return value.astimezone(TAIPEI).date()
    return value


@dataclass(frozen=True, order=True)
class Period:
    """A half-year: 上半年 (1 Jan – 30 Jun) or 下半年 (1 Jul – 31 Dec) of an ROC year."""

    roc_year: int
    half: int  # 1 or 2

    def __post_init__(self) -> None:
        if self.half not in (1, 2):
            raise ValueError(f"half must be 1 or 2, not {self.half!r}")
        if self.roc_year < 1:
            raise ValueError(f"ROC year must be 1 or later, not {self.roc_year!r}")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``110H2`` or ``110年下半年``."""
        if match := _PERIOD_CODE.match(text):
            return cls(int(match[1]), int(match[2]))
        if match := _PERIOD_ZH.match(text):
            return cls(int(match[1]), 1 if match[2] == "上" else 2)
        raise ValueError(f"not a half-year period: {text!r} (use 110H2 or 110年下半年)")

    @classmethod
    def containing(cls, value: dt.date | dt.datetime) -> Period:
        day = local_date(value)
        return cls(to_roc_year(day.year), 1 if day.month <= 6 else 2)

    @classmethod
    def chosen(cls, text: str | None) -> Period:
        """A half-year chosen on a page (``110H2``): the current one when absent, malformed or in the future."""
        current = cls.current()
        try:
            period = cls.parse(text or "")
        except ValueError:
            return current
        return period if period <= current else current

    @classmethod
    def current(cls) -> Period:
        return cls.containing(dt.datetime.now(TAIPEI))

    @property
    def code(self) -> str:
        return f"{self.roc_year}H{self.half}"

    @property
    def label(self) -> str:
        return f"{self.roc_year}年{'上' if self.half == 1 else '下'}半年"

    @property
    def label_en(self) -> str:
        return f"ROC {self.roc_year} H{self.half} ({self.first_day.year})"

    @property
    def first_day(self) -> dt.date:
        return dt.date(to_ad_year(self.roc_year), 1 if self.half == 1 else 7, 1)

    @property
    def last_day(self) -> dt.date:
        year = to_ad_year(self.roc_year)
        return dt.date(year, 6, 30) if self.half == 1 else dt.date(year, 12, 31)

    @property
    def start(self) -> dt.datetime:
        """The first instant of the period in Taipei, as an aware datetime."""
        return dt.datetime.combine(self.first_day, dt.time.min, tzinfo=TAIPEI)

    @property
    def end(self) -> dt.datetime:
        """The first instant after the period (exclusive bound)."""
        return self.next().start

    def previous(self) -> Period:
        return Period(self.roc_year, 1) if self.half == 2 else Period(self.roc_year - 1, 2)

    def next(self) -> Period:
        return Period(self.roc_year, 2) if self.half == 1 else Period(self.roc_year + 1, 1)

    def year_earlier(self) -> Period:
        return Period(self.roc_year - 1, self.half)

    def contains(self, value: dt.date | dt.datetime) -> bool:
        return self.first_day <= local_date(value) <= self.last_day

    def recent(self, count: int) -> list[Period]:
        """This period and the ``count - 1`` before it, oldest first."""
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return list(reversed(periods))

    @classmethod
    def choosable(cls, count: int = 12) -> list[Period]:
        """What a page's half-year chooser offers: the current half-year and the ``count - 1`` before it, newest
        first."""
        return list(reversed(cls.current().recent(count)))

    def __str__(self) -> str:
        return self.code


def format_date(value: dt.date | dt.datetime | None) -> str:
    """``110年7月1日``."""
    if value is None:
        return ""
    day = local_date(value)
    return f"{to_roc_year(day.year)}年{day.month}月{day.day}日"


def format_slash(value: dt.date | dt.datetime | None) -> str:
    """``110/07/01``."""
    if value is None:
        return ""
    day = local_date(value)
    return f"{to_roc_year(day.year)}/{day.month:02d}/{day.day:02d}"


def format_datetime(value: dt.datetime | str | None, *, seconds: bool = False) -> str:
    """``110/07/01 14:05`` (``14:05:09`` with seconds) in Taipei time; a naive time (a system log's wall
    clock) is already Taipei time."""
    if not value:
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    local = value.replace(tzinfo=TAIPEI) if value.tzinfo is None else value.astimezone(TAIPEI)
    return f"{format_slash(local)} {local:{'%H:%M:%S' if seconds else '%H:%M'}}"


def _roc_month(value: dt.date | str) -> tuple[int, int]:
    """(ROC year, month) of a date or of ``2021-12``."""
    if isinstance(value, str):
        year, _, month = value.partition("-")
        return to_roc_year(int(year)), int(month)
    day = local_date(value)
    return to_roc_year(day.year), day.month


def format_month(value: dt.date | str | None) -> str:
    """``110年12月`` from a date or from ``2021-12``."""
    if not value:
        return ""
    year, month = _roc_month(value)
    return f"{year}年{month}月"


def format_month_slash(value: dt.date | str | None) -> str:
    """``110/12`` from a date or from ``2021-12``."""
    if not value:
        return ""
    year, month = _roc_month(value)
    return f"{year}/{month:02d}"


_ROC_MONTH = re.compile(r"^\s*(?:民國)?\s*(\d{1,3})\s*(?:[/.\-]|年)\s*(\d{1,2})\s*月?\s*$")
_AD_MONTH = re.compile(r"^\s*(\d{4})-(\d{2})\s*$")


def parse_month(text: str) -> str:
    """Read a month as ``YYYY-MM``: ROC ``110/08``, ``110-8``, ``110年8月``, or an AD ``2021-08`` as a log writes it."""
    match = _ROC_MONTH.match(text)
    if match:
        year, month = to_ad_year(int(match.group(1))), int(match.group(2))
    elif match := _AD_MONTH.match(text):
        year, month = int(match.group(1)), int(match.group(2))
    else:
        raise ValueError(f"not a month: {text!r} (use 110/08)")
    if not 1 <= month <= 12 or year < 1912:
        raise ValueError(f"not a month: {text!r}")
    return f"{year:04d}-{month:02d}"


def parse_date(text: str) -> dt.date:
    """Read an ROC date: ``110/07/01``, ``110-7-1``, ``110.07.01``, ``110年7月1日`` or ``1100701``."""
    match = _ROC_DATE.match(text) or _ROC_DATE_COMPACT.match(text)
    if not match:
        raise ValueError(f"not an ROC date: {text!r} (use 110/07/01)")
    year, month, day = (int(part) for part in match.groups())
    if year < 1:
        raise ValueError(f"not an ROC date: {text!r} (the ROC year starts at 1)")
    return dt.date(to_ad_year(year), month, day)


def chinese_numeral(number: int) -> str:
    """一 … 九十九, as used for headings (一、 二十一、)."""
    if not 1 <= number <= 99:
        raise ValueError(f"heading numerals run from 1 to 99, not {number}")
    tens, ones = divmod(number, 10)
    if tens == 0:
        return _DIGITS[ones]
    prefix = "" if tens == 1 else _DIGITS[tens]
    return f"{prefix}十{_DIGITS[ones] if ones else ''}"


def parse_chinese_numeral(text: str) -> int:
    """The inverse of :func:`chinese_numeral`."""
    if not text:
        raise ValueError("empty numeral")
    if "十" not in text:
        if len(text) != 1 or text not in _DIGITS[1:]:
            raise ValueError(f"not a heading numeral: {text!r}")
        return _DIGITS.index(text)
    before, _, after = text.partition("十")
    tens = 1 if before == "" else _DIGITS.index(before)
    ones = 0 if after == "" else _DIGITS.index(after)
    if tens == 0 or (before and before not in _DIGITS[2:]) or (after and after not in _DIGITS[1:]):
        raise ValueError(f"not a heading numeral: {text!r}")
    return tens * 10 + ones


def paren_numeral(number: int) -> str:
    """（一）, the second heading level."""
    return f"（{chinese_numeral(number)}）"
