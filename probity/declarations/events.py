"""The words for this app's audit verbs (``audit.history``)."""

from django.utils.translation import pgettext_lazy

from probity.audit.history import event_labels

event_labels(
    {
        "declarations.declarant.created": pgettext_lazy("audit event", "新增申報義務人"),
        "declarations.declarant.updated": pgettext_lazy("audit event", "修改申報義務人"),
        "declarations.declarant.bulk_created": pgettext_lazy("audit event", "批次新增申報義務人"),
        "declarations.declaration.recorded": pgettext_lazy("audit event", "登錄財產申報"),
        "declarations.declaration.bulk_recorded": pgettext_lazy("audit event", "批次登錄財產申報"),
        "declarations.declaration.formal_checked": pgettext_lazy("audit event", "形式審查"),
        "declarations.item.added": pgettext_lazy("audit event", "新增申報財產"),
        "declarations.policy.saved": pgettext_lazy("audit event", "儲存抽籤規則"),
        "declarations.draw.prepared": pgettext_lazy("audit event", "準備公開抽籤"),
        "declarations.draw.publish": pgettext_lazy("audit event", "公告抽籤母體與亂數來源"),
        "declarations.draw.draw": pgettext_lazy("audit event", "執行抽籤"),
        "declarations.draw.cancel": pgettext_lazy("audit event", "取消抽籤"),
        "declarations.review.opened": pgettext_lazy("audit event", "開始實質審查"),
        "declarations.review.data_retrieved": pgettext_lazy("audit event", "調取財產資料"),
        "declarations.review.discrepancy_added": pgettext_lazy("audit event", "登錄申報不符"),
        "declarations.review.request_explanation": pgettext_lazy("audit event", "通知申報人說明"),
        "declarations.review.record_explanation": pgettext_lazy("audit event", "登錄申報人說明"),
        "declarations.review.conclude": pgettext_lazy("audit event", "審查結案"),
        "declarations.review.fine_recorded": pgettext_lazy("audit event", "登錄罰鍰"),
        "declarations.comparison.run": pgettext_lazy("audit event", "執行前後年度比對"),
    }
)
# Readings of asset data: kept in the trail, left out of a record's change history.
event_labels(
    {
        "declarations.declaration.read": pgettext_lazy("audit event", "調閱財產申報"),
        "declarations.review.read": pgettext_lazy("audit event", "調閱實質審查"),
        "declarations.review.corrected_table_read": pgettext_lazy("audit event", "調閱正確財產資料對照表"),
        "declarations.comparison.read": pgettext_lazy("audit event", "調閱前後年度比對"),
    },
    reads=True,
)
