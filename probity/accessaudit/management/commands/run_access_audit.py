import datetime as dt

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.accessaudit import domain
from probity.accessaudit.enums import RULE_CHOICES, JobStatus
from probity.accessaudit.models import MonitoredSystem
from probity.core.management.base import TranslatedCommand


class Command(TranslatedCommand):
    help = gettext_lazy("以稽核規則檢查某系統兩日期之間（含兩端）的查閱紀錄，並儲存警示。")

    def add_arguments(self, parser):
        parser.add_argument("--system", required=True, help=_("受監控系統的代碼"))
        parser.add_argument("--from", dest="date_from", required=True, help=_("起日，YYYY-MM-DD（西元）"))
        parser.add_argument("--to", dest="date_to", required=True, help=_("迄日，YYYY-MM-DD（西元）"))

    def handle(self, *args, system, date_from, date_to, **options):
        monitored = MonitoredSystem.objects.filter(key=system).first()
        if monitored is None:
            raise CommandError(_("沒有代碼為「%(system)s」的受監控系統") % {"system": system})
        try:
            start, end = dt.date.fromisoformat(date_from), dt.date.fromisoformat(date_to)
        except ValueError:
            raise CommandError(_("日期請寫成 YYYY-MM-DD（西元），例如 2021-07-01")) from None
        run = domain.start_audit_run(system=monitored, date_from=start, date_to=end, actor=None)
        run = domain.perform_audit_run(run, actor=None)
        if run.status != JobStatus.SUCCEEDED:
            raise CommandError(run.error_text)
        self.stdout.write(
            _("查閱 %(lookups)s 筆，警示 %(alerts)s 則")
            % {"lookups": f"{run.lookups:,}", "alerts": f"{run.alert_count:,}"}
        )
        labels = dict(RULE_CHOICES)
        for rule, count in sorted(run.by_rule.items()):
            share = 100 * count / run.lookups if run.lookups else 0
            line = _("%(rule)s：%(count)s 筆查閱有警示（%(share)s%%）") % {
                "rule": labels.get(rule, rule),
                "count": f"{count:,}",
                "share": f"{share:.3f}",
            }
            self.stdout.write(f"  {line}")
        if run.calendar_gap:
            self.stderr.write(run.calendar_gap)
