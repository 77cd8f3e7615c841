"""An alert's reason in the reader's language.

The rules write each reason in Chinese, the language of record (``Alert.reason``), and beside it the values the
reason names (``Alert.facts``). Pages say the reason again from those values in their own language; each
wording below, in Chinese, is exactly the text the rules store. An alert whose facts are not kept (written
before they were) shows its stored text.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext

from probity.core.language import month_text

WORDINGS = {
    "no_reason": _lazy("查閱時未填寫查詢事由或文號"),
    "unknown_document": _lazy("查詢事由「%(document)s」不是登記有案的文號"),
    "no_explanation": _lazy("查閱當日沒有有效的案件指派或查詢登記，可說明查閱者為何查閱此當事人"),
    "self": _lazy("查閱者查詢本人的資料"),
    "coworker": _lazy("當事人「%(name)s」是查閱者同單位（%(unit)s）的同仁"),
    "household": _lazy("當事人與查閱者同姓（%(surname)s）且戶籍地址相同（%(address)s）"),
    "relative": _lazy("當事人是查閱者的%(relation)s（依%(basis)s）"),
    "vip": _lazy("當事人「%(name)s」列為重要人士（VIP）"),
    "holiday": _lazy("於放假日（%(holiday)s）%(time)s 查閱"),
    "weekend": _lazy("於%(weekday)s %(time)s 查閱"),
    "night": _lazy("於下班時間 %(time)s 查閱（上班時間 %(start)s–%(end)s）"),
    "daily_volume": _lazy(
        "當日查閱 %(lookups)s 筆，遠高於本人前 %(days)s 日的每日平均 %(mean)s 筆（標準差 %(sd)s），"
        "也高於同單位同職稱同仁平均 %(peer_mean)s 筆"
    ),
    "daily_volume_alone": _lazy(
        "當日查閱 %(lookups)s 筆，遠高於本人前 %(days)s 日的每日平均 %(mean)s 筆（標準差 %(sd)s）；無同單位同職稱可比較"
    ),
    "outside_area": _lazy("首次查閱轄區外（%(area)s）的當事人；查閱者平常查閱的區域：%(areas)s"),
    "print": _lazy("一次列印 %(records)s 筆資料"),
    "export": _lazy("一次匯出 %(records)s 筆資料"),
    "repeat": _lazy("本期有 %(days)s 個不同日期發生警示（共 %(alerts)s 則）"),
    "prior_offender": _lazy("曾經確認不當查閱，本期又有 %(alerts)s 則警示"),
    "mismatch": _lazy("人工抽查 %(month)s 第 %(order)d 筆核對不符：%(note)s"),
}


def reason_text(kind: str, facts: dict, stored: str) -> str:
    """The reason in the active language, or ``stored`` when there is no wording or the facts lack a value."""
    key = "daily_volume_alone" if kind == "daily_volume" and facts.get("peer_mean") is None else kind
    if key not in WORDINGS:
        return stored
    try:
        return str(WORDINGS[key]) % _shown(kind, facts)
    except (KeyError, TypeError, ValueError):
        return stored


def _shown(kind: str, facts: dict) -> dict:
    """The facts as the wording shows them: names of days and the defaults the rules write in words."""
    shown = dict(facts)
    if kind == "weekend":
        shown["weekday"] = _("星期日") if facts["weekday"] == 0 else _("星期六")
    elif kind == "relative":
        # Relations and bases are words of the source files; the usual ones have a translation, others show as written.
        relation, basis = facts.get("relation"), facts.get("basis")
        shown["relation"] = pgettext("relation", relation) if relation else pgettext("relation unknown", "親屬")
        shown["basis"] = pgettext("relation basis", basis) if basis else pgettext("relation basis unknown", "親屬資料")
    elif kind == "outside_area":
        shown["areas"] = facts.get("areas") or pgettext("no usual area", "無")
    elif kind == "mismatch":
        shown["month"] = month_text(facts["month"])
    return shown
