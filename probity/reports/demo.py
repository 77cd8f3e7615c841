"""Demo data of reports: the default template and the seed report's narrative highlights of 110H2."""

from probity.core.demo import register
from probity.core.roc import Period
from probity.org import domain as org
from probity.org.demo import DEMO_USERS
from probity.org.models import EthicsUnit, User
from probity.org.scope import Scope
from probity.reports import domain
from probity.reports.enums import HighlightSection
from probity.reports.models import BuiltReport, Highlight

# The seed's half-year: its report is built from the demo's records and published, so the portal has one.
PUBLISHED_PERIOD = Period(110, 2)
# A small unit's report is published too: two anonymous complaints, which its public copy gives as 「未滿3」.
PUBLISHED_UNIT = "觀光局政風室"

SEED_HIGHLIGHTS = [
    (
        "110H2",
        HighlightSection.S1_2,
        "多功能經貿園區特貿三都市更新事業廉政平臺",
        "以跨域合作、公私協力、行政透明及全民監督之精神，協助本府都市發展局成立「多功能經貿園區特貿三都市更新事業實施者案」廉政平臺，透過召開聯繫會議及建置資訊公開專區，共同討論潛存風險研商解決，並主動發布訊息供外界檢視，使政府於平臺多方協力下能順利如期、如質推動重大招商政策。",
    ),
    (
        "110H2",
        HighlightSection.S1_2,
        "當我們廉在一起2─百年傳誠‧誠載多元",
        "以創新及優化廉潔教育，落實誠信教育扎根與普及之理念，辦理「當我們廉在一起2─百年傳誠‧誠載多元」活動。除創作推廣誠信繪本《我是雄赳赳》及「Amma say」廉政歌曲音樂影片，並前往偏鄉小學推動「誠信助攻偏鄉圓夢計畫」，帶領偏鄉學童以誠信價值串聯概念，結合在地特色發想，進行繪畫創作，並協助編輯出版電子畫冊，一圓畫家夢想，期透過廉潔教育及藝術課程連結，教導學童將誠信觀念真實扎根於內心、落實於生活。",
    ),
    (
        "110H2",
        HighlightSection.S1_2,
        "小市長選舉候選人簽署誠信宣言",
        "為建立學生正確的民主法治精神及廉潔誠信觀念，特結合高雄市國民小學「小市長選舉」活動辦理候選人簽署誠信宣言，並透過小市長候選人與其競選團隊正向積極落實品格誠信並傳達於每位學童，從小深植扎根培養民主素養並深化「廉潔誠信」概念。",
    ),
    (
        "111H1",
        HighlightSection.S1_2,
        "廉政微電影校園巡迴",
        "結合本市高級中等學校辦理廉政微電影校園巡迴放映及座談，引導學生討論誠信與公共利益，深化廉潔價值。",
    ),
    (
        "110H1",
        HighlightSection.S1_2,
        "誠信企業座談",
        "邀集本市公共工程廠商辦理誠信企業座談，說明採購廉政注意事項，建立公私協力之誠信夥伴關係。",
    ),
]


@register("reports", order=900)
def load(stdout=None, **options) -> None:
    domain.ensure_default_template(actor=None)
    department = EthicsUnit.objects.filter(parent__isnull=True).order_by("path").first()
    if department is None:
        return
    for order, (period, section, title, body) in enumerate(SEED_HIGHLIGHTS, start=1):
        if Highlight.objects.filter(period=period, title=title).exists():
            continue
        highlight = domain.create_highlight(
            actor=None, unit=department, period=period, section=section, title=title, body=body, sort_order=order
        )
        domain.choose_highlight(highlight, selected=True, actor=None)
    _publish(Scope.city())
    if unit := EthicsUnit.objects.filter(name=PUBLISHED_UNIT).first():
        _publish(Scope(unit))
    # The demo's records tell of 110H2: its accounts open the dashboard there, as if they had chosen it.
    usernames = [username for username, *_rest in DEMO_USERS]
    for user in User.objects.filter(username__in=usernames, dashboard_period=""):
        org.remember_dashboard_period(user, code=PUBLISHED_PERIOD.code, actor=None)
    if stdout:
        stdout.write(
            f"  reports: default template, highlights and the published 110H2 reports of the city and {PUBLISHED_UNIT}"
        )


def _publish(scope: Scope) -> None:
    unit = None if scope.is_city else scope.unit
    if BuiltReport.objects.filter(period=PUBLISHED_PERIOD.code, unit=unit, published=True).exists():
        return
    template = domain.ensure_default_template(actor=None)
    report = domain.build_report(version=template.latest_version, period=PUBLISHED_PERIOD, scope=scope, actor=None)
    domain.publish_report(report, actor=None)
