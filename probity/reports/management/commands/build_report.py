import uuid
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from probity.core.management.base import TranslatedCommand
from probity.core.roc import Period
from probity.org.models import EthicsUnit
from probity.org.scope import Scope
from probity.reports import builder, domain, renderers, sandbox
from probity.reports.models import BuiltReport, ReportTemplate


class Command(TranslatedCommand):
    help = gettext_lazy("建置半年工作報告：manage.py build_report 110H2 --format pdf --output report.pdf [--unit CODE]")

    def add_arguments(self, parser):
        parser.add_argument("period", help=_("期別，例如 110H2 或 110年下半年；與 --rebuild 併用時可省略"), nargs="?")
        parser.add_argument(
            "--format", dest="fmt", choices=sorted(renderers.RENDERERS), default="md", help=_("輸出格式")
        )
        parser.add_argument("--output", required=True, help=_("輸出檔案路徑（- 表示標準輸出，僅限文字格式）"))
        parser.add_argument("--unit", help=_("政風機構代碼（UUID）或其服務機關代號；省略表示全市"))
        parser.add_argument("--template", help=_("範本名稱；省略表示預設範本"))
        parser.add_argument("--rebuild", metavar="REPORT_CODE", help=_("以已儲存報告的輸入重新產生"))
        parser.add_argument("--base-url", default="", help=_("圖表數字連結的網站前綴，例如 https://probity.example"))

    def handle(self, *args, period=None, fmt, output, unit=None, template=None, rebuild=None, base_url="", **options):
        if rebuild:
            code = _uuid(rebuild)
            report = BuiltReport.objects.filter(code=code).first() if code else None
            if report is None:
                raise CommandError(_("找不到報告 %(code)s") % {"code": rebuild})
        else:
            report = self._build(period, unit, template)
        document = builder.build_document(report.inputs)
        content = renderers.render(document, fmt, base_url=base_url)
        if output == "-":
            if fmt not in ("md", "html"):
                raise CommandError(_("只有 md 與 html 可輸出到標準輸出"))
            self.stdout.write(content.decode())
        else:
            Path(output).write_bytes(content)
            written = {"report": report, "output": output, "size": f"{len(content):,}", "code": report.code}
            self.stderr.write(_("%(report)s → %(output)s（%(size)s 位元組，報告代碼 %(code)s）") % written)
        for warning in document.warnings:
            self.stderr.write(_("警告：%(warning)s") % {"warning": warning})

    def _build(self, period_text, unit_text, template_name):
        if not period_text:
            raise CommandError(_("請給期別，例如 110H2"))
        try:
            period = Period.parse(period_text)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        scope = Scope(self._unit(unit_text)) if unit_text else Scope.city()
        if template_name:
            template = ReportTemplate.objects.filter(name=template_name).first()
            if template is None:
                raise CommandError(_("找不到範本「%(name)s」") % {"name": template_name})
        else:
            template = domain.ensure_default_template(actor=None)
        try:
            return domain.build_report(version=template.latest_version, period=period, scope=scope, actor=None)
        except sandbox.SandboxError as exc:
            raise CommandError(str(exc)) from None

    def _unit(self, text):
        code = _uuid(text)  # not a UUID: an agency key
        unit = EthicsUnit.objects.filter(code=code).first() if code else None
        if unit is None:
            unit = EthicsUnit.objects.filter(agencies__key=text).order_by("-depth").first()
        if unit is None:
            raise CommandError(_("找不到政風機構 %(unit)s（請給機構代碼或機關代號）") % {"unit": text})
        return unit


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None
