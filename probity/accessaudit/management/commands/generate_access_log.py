import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.analytics.generate import generate
from probity.core.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy("產生擬真的存取紀錄（含標註的不當查閱情境）及其來源資料表，供展示、測試與效能量測。")

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, required=True, help=_("查閱筆數"))
        parser.add_argument("--out", required=True, help=_("輸出目錄"))
        parser.add_argument("--system", default="hr", help=_("hr（戶籍）或 land（地政）"))
        parser.add_argument("--format", default="csv", choices=["csv", "jsonl", "parquet"], help=_("紀錄檔格式"))
        parser.add_argument("--from", dest="date_from", default="2021-07-01", help=_("起日，YYYY-MM-DD（西元）"))
        parser.add_argument("--to", dest="date_to", default="2021-12-31", help=_("迄日，YYYY-MM-DD（西元）"))
        parser.add_argument("--seed", type=int, default=110, help=_("亂數種子：同一種子產生同一份紀錄"))

    def handle(self, *args, events, out, system, format, date_from, date_to, seed, **options):
        result = generate(
            out,
            events=events,
            start=dt.date.fromisoformat(date_from),
            end=dt.date.fromisoformat(date_to),
            seed=seed,
            system=system,
            fmt=format,
        )
        self.stdout.write(
            _("%(rows)s 筆查閱寫入 %(path)s，其中 %(labels)s 筆為標註的不當查閱")
            % {"rows": f"{result.rows:,}", "path": result.log_path, "labels": f"{result.labels:,}"}
        )
        self.stdout.write(
            _("來源資料表：%(files)s")
            % {"files": "users.parquet subjects.parquet explanations.parquet relatives.parquet labels.parquet"}
        )
