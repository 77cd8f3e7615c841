"""The documents the prevention work ends in, to print, sign and send: a special audit's report (專案稽核報告,
with its recommendations and how each was answered), an early warning or proposal (預警／導正／興革建議書) and a
re-prevention report (再防貪報告)."""

from django.utils.translation import gettext as _

from probity.complaints.queries import complaints_visible_to, referrals_visible_to
from probity.core import roc
from probity.core.document import Document, Heading, Paragraph, Table, paragraph, paragraphs
from probity.core.language import date_text, punctuation
from probity.core.printouts import Printout, fact_lines, numbered_sections, printout, signature_lines
from probity.prevention import queries

VIEW = "prevention.view_records"
NO_FIGURES = 99  # a table whose columns are all text: nothing right-aligned


def _printout(record, title: str, day, blocks: list) -> Printout:
    return Printout(
        Document(title=title, subtitle=_("完成日期：%(day)s") % {"day": date_text(day)}, blocks=tuple(blocks)),
        back_url=record.get_absolute_url(),
        file_name=f"{title}-{roc.format_slash(day).replace('/', '')}",
    )


@printout("special-audit-report", permission=VIEW)
def special_audit_report(user, code) -> Printout:
    audit = queries.get_audit_for(user, code)
    title = _("%(title)s報告") % {"title": audit.title}
    period = _("%(first)s至%(last)s") % {"first": date_text(audit.audited_from), "last": date_text(audit.audited_to)}
    facts = [
        (_("受稽核機關"), audit.agency.name),
        (_("政風機構"), audit.unit.name),
        (_("稽核業務"), audit.business),
        (_("稽核期間"), period),
        (_("稽核小組"), audit.team),
    ]
    sections = [
        (_("稽核計畫"), paragraphs(audit.plan)),
        (_("稽核發現"), paragraphs(audit.findings) or [paragraph(_("未記載稽核發現。"))]),
        (_("建議事項"), _recommendations(audit)),
        (_("機關回復"), paragraphs(audit.agency_reply)),
    ]
    blocks = [
        Heading(0, "", title),
        *fact_lines(facts),
        *numbered_sections(sections),
        *signature_lines(_("稽核人員："), _("政風機構主管：")),
    ]
    return _printout(audit, title, audit.completed_on, blocks)


def _recommendations(audit) -> list:
    recommendations = list(audit.recommendations.all())
    if not recommendations:
        return [paragraph(_("尚無建議事項。"))]
    rows = tuple(
        (str(number), " ".join(rec.text.split()), roc.format_slash(rec.reply_due), _answer(rec))
        for number, rec in enumerate(recommendations, start=1)
    )
    header = (_("項次"), _("建議事項"), _("回復期限"), _("辦理情形"))
    return [Table(_("建議事項"), header, rows, numeric_from=NO_FIGURES)]


def _answer(rec) -> str:
    """How the agency answered: the status, the day, and the reason it gave for not adopting."""
    answer = rec.get_status_display()
    if rec.decided_on:
        answer = f"{answer} {roc.format_slash(rec.decided_on)}"
    if rec.reason:
        answer = f"{answer}{punctuation('colon')}{' '.join(rec.reason.split())}"
    return answer


@printout("preventive-action", permission=VIEW)
def preventive_action(user, code) -> Printout:
    """An early warning, corrective or reform proposal as the sheet sent to the agency's head: what was found,
    what is proposed, and (once answered) whether it was adopted and to what effect."""
    action = queries.get_action_for(user, code)
    title = _("%(kind)s書") % {"kind": action.get_kind_display()}
    facts = [
        (_("案由"), action.subject),
        (_("機關"), action.agency.name),
        (_("政風機構"), action.unit.name),
        (_("來源管道"), action.get_channel_display()),
        (_("公文文號"), action.doc_no),
    ]
    sections = [
        (_("發現事項"), paragraphs(action.finding)),
        (_("建議內容"), paragraphs(action.recommendation)),
        (_("機關辦理情形"), _outcome(action)),
    ]
    blocks = [
        Heading(0, "", title),
        *fact_lines(facts),
        *numbered_sections(sections),
        *signature_lines(_("承辦人："), _("政風機構主管：")),
    ]
    return Printout(
        Document(
            title=title, subtitle=_("提出日期：%(day)s") % {"day": date_text(action.raised_on)}, blocks=tuple(blocks)
        ),
        back_url=action.get_absolute_url(),
        file_name=f"{title}-{action.subject}-{roc.format_slash(action.raised_on).replace('/', '')}",
    )


def _outcome(action) -> list[Paragraph]:
    """Whether the agency adopted it, money saved, a rule changed, the effect; nothing until it answers."""
    lines = []
    if action.adopted is not None:
        lines.append(paragraph(_("機關已採納。") if action.adopted else _("機關未採納。")))
    if action.money_saved:
        lines.append(paragraph(_("節省公帑 %(amount)s 元。") % {"amount": f"{action.money_saved:,}"}))
    if action.rule_changed:
        lines.append(paragraph(_("已修訂規章或作業程序。")))
    return lines + paragraphs(action.effect)


@printout("reprevention-report", permission=VIEW)
def reprevention_report(user, code) -> Printout:
    report = queries.get_reprevention_for(user, code)
    facts = [(_("機關"), report.agency.name), (_("政風機構"), report.unit.name)]
    sections = [
        (_("相關案件"), _related_cases(user, report)),
        (_("發生原因"), paragraphs(report.causes)),
        (_("作業缺漏"), paragraphs(report.control_gaps)),
        (_("再防貪措施"), paragraphs(report.measures)),
        (_("後續追蹤"), paragraphs(report.follow_up)),
    ]
    blocks = [
        Heading(0, "", report.title),
        *fact_lines(facts),
        *numbered_sections(sections),
        *signature_lines(_("承辦人："), _("政風機構主管：")),
    ]
    return _printout(report, report.title, report.issued_on, blocks)


def _related_cases(user, report) -> list[Paragraph]:
    """The case numbers behind the report; a linked case the user may not see is left out, number and all."""
    complaints = [c.number for c in complaints_visible_to(user).filter(reprevention_reports=report)]
    referrals = [r.doc_no for r in referrals_visible_to(user).filter(reprevention_reports=report)]
    lines = [
        (_("相關檢舉案件"), complaints + report.case_list),
        (_("相關函送司法案件"), referrals + report.referral_list),
    ]
    return fact_lines((label, punctuation("list_sep").join(numbers)) for label, numbers in lines if numbers)
