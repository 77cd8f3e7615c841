"""A complaint case as the sheet an officer prints to file and have signed (檢舉案件處理單): the case, the people
complained about, what was done and when, and the outcome.

The complainant's identity is never on it (a named complaint says only that the identity is sealed), nor the
messages, internal notes, attachments, statements or protection watch. Each printing is recorded in the audit
trail, as a paper copy of a case leaves the platform's control."""

from django.utils.translation import gettext as _

from probity.complaints import domain, queries
from probity.complaints.enums import EventKind
from probity.core import roc
from probity.core.document import Document, Heading, Table, paragraph, paragraphs
from probity.core.language import date_text, punctuation
from probity.core.printouts import Printout, fact_lines, numbered_sections, printout, signature_lines

NO_FIGURES = 99  # a table whose columns are all text: nothing right-aligned
# The timeline's events that belong on paper: the case's course, not who read what or what was said to whom.
COURSE = (
    EventKind.RECEIVED,
    EventKind.TRANSITION,
    EventKind.ASSIGNED,
    EventKind.UNASSIGNED,
    EventKind.ACKNOWLEDGED,
    EventKind.OUTCOME_NOTIFIED,
    EventKind.PROSECUTOR_REFERRAL,
    EventKind.DISCIPLINE,
)


@printout("complaint-sheet", permission="complaints.view_complaint")
def complaint_sheet(user, code) -> Printout:
    complaint = queries.get_complaint_for(user, code)
    title = _("檢舉案件處理單")
    sep = punctuation("list_sep")
    facts = [
        (_("案號"), complaint.number),
        (_("收件日期"), date_text(complaint.received_on)),
        (_("來源管道"), complaint.get_channel_display()),
        (_("檢舉人"), _complainant(complaint)),
        (_("承辦政風機構"), complaint.unit.name),
        (_("被檢舉機關"), complaint.agency.name),
        (_("檢舉類別"), sep.join(complaint.category_labels)),
        (_("承辦人"), sep.join(str(assignment.handler) for assignment in queries.handlers_of(complaint))),
        (_("處理狀態"), complaint.get_status_display()),
        (_("受理通知"), _notice(complaint.acknowledged_on, complaint.ack_due_on)),
        (_("結果通知"), _notice(complaint.outcome_notified_on, complaint.outcome_due_on)),
    ]
    sections = [
        (_("案由"), [paragraph(complaint.summary)]),
        (_("檢舉內容"), paragraphs(complaint.narrative)),
        (_("被檢舉人"), _subjects(complaint)),
        (_("處理經過"), _course(complaint)),
        (_("處理結果"), _outcome(complaint)),
    ]
    blocks = [
        Heading(0, "", title),
        *fact_lines(facts),
        *numbered_sections(sections),
        *signature_lines(_("承辦人："), _("政風機構主管：")),
    ]
    domain.record_printing(complaint, actor=user)
    return Printout(
        Document(
            title=title,
            subtitle=_("案號：%(number)s") % {"number": complaint.number},
            blocks=tuple(blocks),
        ),
        back_url=complaint.get_absolute_url(),
        file_name=f"{title}-{complaint.number}",
    )


def _complainant(complaint) -> str:
    if complaint.is_anonymous:
        return _("匿名")
    return _("具名（身分密封保存，不列印）")


def _notice(sent_on, due_on) -> str:
    if sent_on:
        return _("%(day)s寄發") % {"day": date_text(sent_on)}
    return _("期限%(day)s，尚未寄發") % {"day": date_text(due_on)}


def _subjects(complaint) -> list:
    subjects = list(complaint.subjects.select_related("agency"))
    if not subjects:
        return [paragraph(_("未列被檢舉人。"))]
    rows = tuple((subject.name, subject.agency.name if subject.agency else "", subject.title) for subject in subjects)
    return [Table(_("被檢舉人"), (_("姓名"), _("服務機關"), _("職稱")), rows, numeric_from=NO_FIGURES)]


def _course(complaint) -> list:
    events = [event for event in queries.timeline_of(complaint) if event.kind in COURSE]
    rows = tuple(
        (
            roc.format_slash(roc.local_date(event.occurred_at)),
            event.get_kind_display(),
            str(event.actor) if event.actor else "—",
            _what(event),
        )
        for event in events
    )
    # The day each step was entered in the platform and by whom (a referral's own date is in its description).
    header = (_("登錄日期"), _("事項"), _("登錄者"), _("說明"))
    return [Table(_("處理經過"), header, rows, numeric_from=NO_FIGURES)] if rows else []


def _what(event) -> str:
    moved = ""
    if event.to_status:
        moved = f"{event.get_from_status_display()} → " if event.from_status else ""
        moved += event.get_to_status_display()
    detail = " ".join(event.detail.split())
    return punctuation("colon").join(part for part in (moved, detail) if part)


def _outcome(complaint) -> list:
    blocks = paragraphs(complaint.outcome_summary)
    if complaint.referred_to:
        referral = _("移請%(body)s %(doc_no)s（%(day)s）") % {
            "body": complaint.referred_to,
            "doc_no": complaint.referral_doc_no,
            "day": date_text(complaint.referred_on) if complaint.referred_on else "—",
        }
        blocks.append(paragraph(" ".join(referral.split())))
    if complaint.closed_on:
        blocks.append(paragraph(_("結案日期：%(day)s") % {"day": date_text(complaint.closed_on)}))
    return blocks
