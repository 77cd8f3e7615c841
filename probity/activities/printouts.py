"""An inspection's written report (point 16 of 政風機構維護公務機密作業要點: good and bad findings and
recommendations, sent to the deficient units), as a document to print, sign and file."""

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from probity.activities import queries
from probity.activities.enums import CheckResult
from probity.core import roc
from probity.core.document import Document, Heading, Paragraph, Table, paragraph, paragraphs
from probity.core.language import date_text
from probity.core.printouts import Printout, fact_lines, numbered_sections, printout, signature_lines

NO_FIGURES = 99  # a table whose columns are all text: nothing right-aligned
ROOM_TO_WRITE = "\u00a0" * 16  # no-break spaces, which no renderer collapses or hangs: a notes column to write in


@printout("inspection-report", permission="activities.view_activities")
def inspection_report(user, code) -> Printout:
    inspection = queries.get_inspection_for(user, code)
    checks = list(inspection.checks.all())
    title = _("%(agency)s%(kind)s報告") % {"agency": inspection.agency.name, "kind": inspection.get_kind_display()}
    sections = [
        (_("檢查結果"), _results(inspection, checks)),
        (_("缺失及改善情形"), _deficiencies(checks)),
        (_("改善建議"), _recommendations(inspection)),
        (_("追蹤情形"), _follow_ups(inspection)),
    ]
    blocks = [
        Heading(0, "", title),
        *_head(inspection),
        *numbered_sections(sections),
        *_checklist(checks),
        *signature_lines(_("檢查人員："), _("政風機構主管："), _("受檢單位主管：")),
    ]
    subtitle = _("檢查日期：%(day)s") % {"day": date_text(inspection.date)}
    return Printout(
        Document(title=title, subtitle=subtitle, blocks=tuple(blocks)),
        back_url=inspection.get_absolute_url(),
        file_name=f"{title}-{roc.format_slash(inspection.date).replace('/', '')}",
    )


def _head(inspection) -> list[Paragraph]:
    status = inspection.get_status_display()
    if inspection.closed_on:
        status = f"{status} {date_text(inspection.closed_on)}"
    facts = [
        (pgettext("inspection", "檢查項目"), inspection.title),
        (_("政風機構"), inspection.unit.name),
        (_("檢查範圍"), inspection.scope),
        (_("狀態"), status),
    ]
    return fact_lines(facts)


def _results(inspection, checks) -> list[Paragraph]:
    blocks = []
    if checks:
        blocks.append(
            paragraph(
                _(
                    "共 %(total)s 項：符合 %(conforming)s、不符合 %(deficient)s、不適用 %(not_applicable)s、未填 %(unanswered)s。"
                )
                % queries.check_summary(checks)
            )
        )
    return blocks + (paragraphs(inspection.findings) or [paragraph(_("未記載檢查發現。"))])


def _deficiencies(checks) -> list:
    deficient = [check for check in checks if check.result == CheckResult.DEFICIENT]
    if not deficient:
        return [paragraph(_("查核表各項均無缺失。") if checks else _("此檢查未使用查核表。"))]
    rows = tuple(
        (str(check.seq_no), check.text, roc.format_slash(check.corrected_on) or _("尚未改善"), check.note)
        for check in deficient
    )
    header = (_("項次"), _("查核項目"), _("改善完成日期"), _("缺失情形"))
    return [Table(_("缺失及改善情形"), header, rows, numeric_from=NO_FIGURES)]


def _recommendations(inspection) -> list[Paragraph]:
    blocks = paragraphs(inspection.recommendations) or [paragraph("—")]
    if inspection.follow_up_due:
        blocks.append(paragraph(_("請於 %(day)s 前改善完成。") % {"day": date_text(inspection.follow_up_due)}))
    return blocks


def _follow_ups(inspection) -> list[Paragraph]:
    return [paragraph(f"{roc.format_slash(f.date)} {' '.join(f.note.split())}") for f in inspection.follow_ups.all()]


def _checklist(checks) -> list:
    if not checks:
        return []
    rows = tuple(
        (str(check.seq_no), check.text, check.get_result_display() or _("未填"), check.note or "—") for check in checks
    )
    header = (_("項次"), _("查核項目"), _("查核結果"), _("說明"))
    return [Heading(1, "", _("附表：查核明細")), Table(_("查核明細"), header, rows, numeric_from=NO_FIGURES)]


@printout("inspection-checklist", permission="activities.view_activities")
def inspection_checklist(user, code) -> Printout:
    """The checklist to take to the inspected unit and fill in by hand: the inspection's questions (the city's
    current ones for its kind if the checklist is not yet started), with boxes to tick and room for notes."""
    inspection = queries.get_inspection_for(user, code)
    questions = [(check.seq_no, check.text) for check in inspection.checks.all()] or [
        (item.seq_no, item.text) for item in queries.checklist_items(inspection.kind).filter(active=True)
    ]
    title = _("%(agency)s%(kind)s查核表") % {"agency": inspection.agency.name, "kind": inspection.get_kind_display()}
    boxes = " ".join(f"□{label}" for label in CheckResult.labels)
    rows = tuple((str(number), text, boxes, ROOM_TO_WRITE) for number, text in questions)
    header = (_("項次"), _("查核項目"), _("查核結果"), _("說明（不符合時必填）"))
    facts = [(pgettext("inspection", "檢查項目"), inspection.title), (_("政風機構"), inspection.unit.name)]
    blocks = [
        Heading(0, "", title),
        *fact_lines(facts),
        Table(_("查核表"), header, rows, numeric_from=NO_FIGURES),
        *signature_lines(_("檢查人員："), _("受檢單位陪同人員：")),
    ]
    subtitle = _("檢查日期：%(day)s") % {"day": date_text(inspection.date)}
    return Printout(
        Document(title=title, subtitle=subtitle, blocks=tuple(blocks)),
        back_url=inspection.get_absolute_url(),
        file_name=f"{title}-{roc.format_slash(inspection.date).replace('/', '')}",
    )
