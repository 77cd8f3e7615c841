"""The exports of the complaint and protection lists. They have no identity column, by construction: the vault
is not read, and a protection watch names no one."""

from django.utils.translation import gettext_lazy as _

from probity.core.exports import ExportColumn


def complaint_columns() -> list[ExportColumn]:
    return [
        ExportColumn(_("案號"), lambda c: c.number),
        ExportColumn(_("原案號"), lambda c: c.legacy_number),
        ExportColumn(_("承辦政風機構"), lambda c: c.unit.name),
        ExportColumn(_("被檢舉機關"), lambda c: c.agency.name),
        ExportColumn(_("收件日期"), lambda c: c.received_on),
        ExportColumn(_("來源管道"), lambda c: c.get_channel_display()),
        ExportColumn(_("具名／匿名"), lambda c: _("匿名") if c.is_anonymous else _("具名")),
        ExportColumn(_("檢舉類別"), lambda c: "、".join(c.category_labels)),
        ExportColumn(_("案由"), lambda c: c.summary),
        ExportColumn(_("被檢舉人"), lambda c: "、".join(s.name for s in c.subjects.all())),
        ExportColumn(_("狀態"), lambda c: c.get_status_display()),
        ExportColumn(_("結案日期"), lambda c: c.closed_on),
        ExportColumn(_("移請機關"), lambda c: c.referred_to),
        ExportColumn(_("移請文號"), lambda c: c.referral_doc_no),
        ExportColumn(_("受理通知期限"), lambda c: c.ack_due_on),
        ExportColumn(_("受理通知日期"), lambda c: c.acknowledged_on),
        ExportColumn(_("結果通知期限"), lambda c: c.outcome_due_on),
        ExportColumn(_("結果通知日期"), lambda c: c.outcome_notified_on),
    ]


def protection_columns() -> list[ExportColumn]:
    """The protection list's columns; the measures are left out, as they may describe the complainant."""
    return [
        ExportColumn(_("案號"), lambda w: w.complaint.number),
        ExportColumn(_("案由"), lambda w: w.complaint.summary),
        ExportColumn(_("承辦政風機構"), lambda w: w.complaint.unit.name),
        ExportColumn(_("遭報復風險"), lambda w: w.get_risk_display()),
        ExportColumn(_("檢舉人為被檢舉機關人員"), lambda w: w.insider),
        ExportColumn(_("風險因素"), lambda w: "、".join(w.factor_labels)),
        ExportColumn(_("開始追蹤日期"), lambda w: w.opened_on),
        ExportColumn(_("最近追蹤"), lambda w: w.last_checked_on),
        ExportColumn(_("追蹤結果"), lambda w: w.last_result_label),
        ExportColumn(_("下次追蹤日期"), lambda w: w.next_check_on),
        ExportColumn(_("結束追蹤日期"), lambda w: w.ended_on),
    ]


def statement_columns() -> list[ExportColumn]:
    """The statements register: when, where, by whom and how confirmed; never the sealed text."""
    return [
        ExportColumn(_("案號"), lambda s: s.complaint.number),
        ExportColumn(_("承辦政風機構"), lambda s: s.complaint.unit.name),
        ExportColumn(_("製作日期"), lambda s: s.taken_on),
        ExportColumn(_("製作地點"), lambda s: s.place),
        ExportColumn(_("製作人"), lambda s: str(s.recorded_by or "")),
        ExportColumn(_("確認日期"), lambda s: s.confirmed_on),
        ExportColumn(_("確認方式"), lambda s: s.get_confirmation_display()),
    ]
