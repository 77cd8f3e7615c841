"""Daily reminders of notices due to complainants and of complainant-protection checks due.

Each handler gets one e-mail listing case numbers, deadlines and links; cases without a handler go to
the writers of the owning unit. The mail carries no identity, no narrative and no subject names.
"""

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from probity.complaints import deadlines, queries
from probity.complaints.models import Assignment, Complaint, ProtectionWatch
from probity.core import roc
from probity.org.enums import Role
from probity.org.models import User


def _recipients(complaint: Complaint, handlers: dict[int, list[User]]) -> list[User]:
    if handlers.get(complaint.pk):
        return handlers[complaint.pk]
    return list(User.objects.filter(is_active=True, role=Role.UNIT_OFFICER, unit=complaint.unit).exclude(email=""))


def _due(today: dt.date):
    horizon = today + dt.timedelta(days=deadlines.due_soon_days())
    complaints = Complaint.objects.select_related("unit")
    ack = queries.ack_pending(complaints).filter(ack_due_on__lte=horizon)
    outcome = queries.outcome_pending(complaints).filter(outcome_due_on__lte=horizon)
    protection = ProtectionWatch.objects.filter(next_check_on__lte=horizon).select_related("complaint__unit")
    return ack, outcome, protection


def _line(complaint: Complaint, what: str, due_on: dt.date, today: dt.date) -> str:
    state = _("已逾期") if due_on < today else _("即將到期")
    base = getattr(settings, "PROBITY_BASE_URL", "")
    return f"{complaint.number}（{complaint.unit.name}）{what} {roc.format_slash(due_on)} {state} {base}{reverse('complaints:detail', args=[complaint.code])}"


def send_reminders(*, today: dt.date | None = None, dry_run: bool = False) -> list[tuple[str, int]]:
    today = today or roc.local_date(dt.datetime.now(dt.UTC))
    ack, outcome, protection = _due(today)
    handlers: dict[int, list[User]] = defaultdict(list)
    due_ids = (
        set(ack.values_list("pk", flat=True))
        | set(outcome.values_list("pk", flat=True))
        | set(protection.values_list("complaint_id", flat=True))
    )
    for assignment in Assignment.objects.filter(is_active=True, complaint_id__in=due_ids).select_related("handler"):
        handlers[assignment.complaint_id].append(assignment.handler)
    lines: dict[User, list[str]] = defaultdict(list)
    for complaint in ack:
        for user in _recipients(complaint, handlers):
            lines[user].append(_line(complaint, _("受理通知期限"), complaint.ack_due_on, today))
    for complaint in outcome:
        for user in _recipients(complaint, handlers):
            lines[user].append(_line(complaint, _("調查結果通知期限"), complaint.outcome_due_on, today))
    for watch in protection:
        for user in _recipients(watch.complaint, handlers):
            lines[user].append(_line(watch.complaint, _("檢舉人保護追蹤"), watch.next_check_on, today))
    sent = []
    for user, user_lines in sorted(lines.items(), key=lambda item: item[0].username):
        if not user.email:
            continue
        if not dry_run:
            send_mail(
                subject=_("檢舉案期限提醒（%(n)s 件）") % {"n": len(user_lines)},
                message=_("以下檢舉案的通知或檢舉人保護追蹤即將到期或已逾期，請儘速處理：")
                + "\n\n"
                + "\n".join(user_lines),
                from_email=None,
                recipient_list=[user.email],
            )
        sent.append((user.username, len(user_lines)))
    return sent
