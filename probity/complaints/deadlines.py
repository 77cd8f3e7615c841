"""Statutory clocks of a complaint (公益揭弊者保護法 Arts 4, 6; in force 2025-07-22).

- acknowledgement (受理調查通知): ``PROBITY_COMPLAINT_ACK_DAYS`` calendar days after receipt (20);
- outcome notice (調查結果通知): ``PROBITY_COMPLAINT_OUTCOME_MONTHS`` months after receipt (6), on the
  same day of the month, or the month's last day when it has no such day.

The due dates are computed once, at intake, and stored on the case, so a later change of the
settings applies to complaints received after it.
"""

import calendar
import datetime as dt

from django.conf import settings

ACK_DAYS = 20
OUTCOME_MONTHS = 6
DUE_SOON_DAYS = 5


def ack_days() -> int:
    return int(getattr(settings, "PROBITY_COMPLAINT_ACK_DAYS", ACK_DAYS))


def outcome_months() -> int:
    return int(getattr(settings, "PROBITY_COMPLAINT_OUTCOME_MONTHS", OUTCOME_MONTHS))


def due_soon_days() -> int:
    return int(getattr(settings, "PROBITY_COMPLAINT_DUE_SOON_DAYS", DUE_SOON_DAYS))


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def ack_due(received_on: dt.date) -> dt.date:
    return received_on + dt.timedelta(days=ack_days())


def outcome_due(received_on: dt.date) -> dt.date:
    return add_months(received_on, outcome_months())
