import hashlib
import io
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from probity.core import indicators as registry
from probity.core.document import FigureRun, Table
from probity.core.roc import Period
from probity.org.scope import Scope
from probity.reports import builder, demo, domain, renderers
from probity.reports.models import BuiltReport
from tests.reports.conftest import SEED, _register, add_figure

SEED_REPORT = Path("/work/shared/seed/000_de2528e3a1338d62.txt")
if not SEED_REPORT.exists():  # the lead's checkout keeps the seed beside the repository
    SEED_REPORT = Path(__file__).resolve().parents[2] / "docs" / "seed-110H2.txt"


def seed_lines() -> list[str]:
    text = SEED_REPORT.read_text(encoding="utf-8")
    return [line.replace("\t", "").strip() for line in text.splitlines() if line.strip()]


def build(period, scope, actor=None):
    template = domain.ensure_default_template(actor=actor)
    inputs = builder.collect_inputs(version=template.latest_version, period=period, scope=scope)
    return builder.build_document(inputs)


@pytest.fixture
def seed_report(cast, seed_records):
    demo.load()
    return build(seed_records, Scope.city())


def test_markdown_report_holds_every_seed_sentence_with_its_figures(seed_report):
    text = renderers.markdown(seed_report).decode()
    missing = [line for line in seed_lines() if line not in text]
    assert missing == []
    assert "計95會議次，討論提案185案次" in text
    assert "共計1,170人次參加" in text
    assert "本年度授權率達98.39％" in text
    assert "復依2%比例抽出74人" in text
    assert seed_report.warnings == ()


def test_markdown_report_lists_each_figure_source(seed_report):
    text = renderers.markdown(seed_report).decode()
    assert (
        "- 測試指標 complaints.received（complaints.received）：571 </reports/records/complaints.received/?period=110H2&scope=city>"
        in text
    )


def test_document_figures_carry_key_value_and_records_url(seed_report):
    figures = {run.key: run for run in seed_report.figures()}
    assert set(figures) == set(SEED)
    assert figures["activities.outreach.asset_declaration.attendances"] == FigureRun(
        key="activities.outreach.asset_declaration.attendances",
        text="1,170",
        url="/reports/records/activities.outreach.asset_declaration.attendances/?period=110H2&scope=city",
        label="測試指標 activities.outreach.asset_declaration.attendances",
    )


def odt_text(content: bytes) -> list[str]:
    """The text of each heading and paragraph of an ODT, read from its content.xml."""
    import zipfile

    from lxml import etree

    namespace = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(content)).read("content.xml"))
    return ["".join(element.itertext()) for element in root.xpath("//text:h|//text:p", namespaces=namespace)]


def test_odt_report_holds_every_seed_sentence(seed_report):
    paragraphs = odt_text(renderers.odt(seed_report))
    text = "\n".join(paragraphs)
    missing = [line for line in seed_lines() if line not in text]
    assert missing == []
    assert "一、發揮內控機制，提升有感廉政效益" in paragraphs


@pytest.mark.skipif(not Path("/usr/bin/soffice").exists(), reason="LibreOffice is not installed")
def test_odt_report_opens_in_libreoffice_without_outline_numbers(seed_report, tmp_path):
    source = tmp_path / "report.odt"
    source.write_bytes(renderers.odt(seed_report))
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"], check=True, capture_output=True, text=True
    ).stdout
    lines = [line.strip() for line in text.splitlines()]
    assert "一、發揮內控機制，提升有感廉政效益" in lines
    assert "（一）落實風險管理機制，健全機關作業制度" in lines
    assert not any(re.match(r"^\d+(\.\d+)*\.?\s*[一（]", line) for line in lines)
    assert "1,170" in text


def test_docx_report_holds_every_seed_sentence(seed_report):
    from docx import Document

    document = Document(io.BytesIO(renderers.docx(seed_report)))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert [line for line in seed_lines() if line not in text] == []


def test_html_report_links_each_figure_to_its_records(seed_report):
    page = renderers.html(seed_report).decode()
    assert (
        '<a class="figure" href="/reports/records/complaints.received/?period=110H2&amp;scope=city" '
        'data-indicator="complaints.received" title="測試指標 complaints.received">571</a>'
    ) in page
    assert page.count('class="figure"') == len(SEED)
    assert page.count("data:image/svg+xml;base64,") == 4


def test_pdf_report_is_a4_with_chinese_text_and_embedded_cjk_font(seed_report, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(renderers.pdf(seed_report))
    text = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
    flat = text.replace("\n", "")
    assert "一、發揮內控機制，提升有感廉政效益" in text
    assert "舉辦公職人員財產申報說明會22場次，共計1,170人次參加" in flat
    assert "第 1 頁" in text
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    assert "Noto-Serif-CJK-TC" in fonts
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info or "595.28 x 841.89 pts (A4)" in info


def test_pdf_pages_render_to_png_with_ink(seed_report, tmp_path):
    from matplotlib import image

    path = tmp_path / "report.pdf"
    path.write_bytes(renderers.pdf(seed_report))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(path), str(tmp_path / "page")], check=True
    )
    pixels = image.imread(next(tmp_path.glob("page*.png")))
    dark = (pixels[:, :, :3].mean(axis=2) < 0.5).mean()
    # A page of CJK text is inked at a few percent; empty boxes (tofu) or a blank page would not be.
    assert 0.01 < dark < 0.4


def test_report_for_another_period_and_a_unit_matches_hand_counts(cast, seed_indicators):
    period = Period(111, 1)
    add_figure("complaints.received", 7, actor=cast.officer, period=period)
    add_figure("complaints.received", 5, actor=cast.officer_a1, period=period)
    add_figure("complaints.received", 11, actor=cast.outsider, period=period)
    add_figure("complaints.received", 100, actor=cast.officer, period=Period(110, 2))
    add_figure("activities.outreach.asset_declaration.attendances", 2345, actor=cast.officer, period=period)
    add_figure("declarations.consent_rate", (1, 3), actor=cast.officer, period=period)

    unit_text = renderers.markdown(build(period, Scope(cast.unit_a))).decode()
    assert "= " not in unit_text
    assert "# 甲局政風室111年上半年政風工作報告" in unit_text
    assert "111年上半年受理檢舉貪瀆不法案件12案" in unit_text  # 7 + 5 of unit A's subtree
    assert "共計2,345人次參加" in unit_text
    assert "本年度授權率達33.33％" in unit_text  # 1 of 3, rounded half up

    city_text = renderers.markdown(build(period, Scope.city())).decode()
    assert "111年上半年受理檢舉貪瀆不法案件23案" in city_text  # 7 + 5 + 11
    assert "| 三(一) | 測試指標 complaints.received | 案 | 23 | 100 | −77 | 0 | +23 |" in city_text


def test_complaint_outcomes_not_summing_to_received_give_a_warning(cast, seed_indicators):
    period = Period(111, 1)
    add_figure("complaints.received", 10, actor=cast.admin, period=period)
    add_figure("complaints.received.named", 10, actor=cast.admin, period=period)
    add_figure("complaints.outcome.cleared", 7, actor=cast.admin, period=period)
    document = build(period, Scope.city())
    assert "檢舉處理結果合計 7 案，與受理檢舉 10 案不符。" in document.warnings


def test_review_findings_not_summing_to_reviews_done_give_a_warning(cast, seed_indicators):
    period = Period(111, 1)
    for key in ("reviews.done", "findings.no_issue", "findings.unintentional", "findings.intentional"):
        _register(f"declarations.{key}", "件", "二", is_share=False)
    add_figure("declarations.reviews.done", 5, actor=cast.admin, period=period)
    add_figure("declarations.findings.no_issue", 3, actor=cast.admin, period=period)
    add_figure("declarations.findings.unintentional", 1, actor=cast.admin, period=period)
    assert "各審查結果合計 4 件，與完成實質審查 5 件不符。" in build(period, Scope.city()).warnings

    add_figure("declarations.findings.intentional", 1, actor=cast.admin, period=period)
    assert not [w for w in build(period, Scope.city()).warnings if "審查結果合計" in w]


def test_unregistered_indicator_prints_a_marker_and_warns(cast, monkeypatch):
    monkeypatch.setattr(registry, "_registry", {})
    document = build(Period(110, 2), Scope.city())
    text = renderers.markdown(document).decode()
    assert "共召開機關廉政會報計〔未登錄指標 activities.meetings.integrity〕會議次" in text
    assert "範本使用了未登錄的指標「activities.meetings.integrity」，報告中以標記代替數值。" in document.warnings


def test_rebuilding_a_stored_report_gives_the_same_text_bytes(cast, seed_records):
    demo.load()
    template = domain.ensure_default_template(actor=None)
    report = domain.build_report(
        version=template.latest_version, period=seed_records, scope=Scope.city(), actor=cast.admin
    )
    first_md = renderers.markdown(builder.build_document(report.inputs))
    first_html = renderers.html(builder.build_document(report.inputs))
    add_figure("complaints.received", 1000, actor=cast.admin, period=seed_records)  # records change afterwards
    domain.save_template_version(template=template, body="= changed", actor=cast.admin)

    stored = BuiltReport.objects.get(pk=report.pk)
    assert renderers.markdown(builder.build_document(stored.inputs)) == first_md
    assert renderers.html(builder.build_document(stored.inputs)) == first_html
    assert hashlib.sha256(first_md).hexdigest() == stored.text_sha256
    assert stored.template_version.number == 1


@pytest.fixture
def translated_label(seed_indicators):
    """The meetings indicator named as the activities module names it: a translated label."""
    import dataclasses

    from django.utils.translation import gettext_lazy

    key = "activities.meetings.integrity"
    registry._registry[key] = dataclasses.replace(registry._registry[key], label=gettext_lazy("廉政會報召開場次"))
    return key


def test_a_report_built_from_an_english_page_keeps_its_figures_names_in_chinese(cast, seed_records, translated_label):
    from django.utils import translation

    template = domain.ensure_default_template(actor=None)
    with translation.override("en"):
        assert str(registry._registry[translated_label].label) == "Integrity meetings held"
        report = domain.build_report(
            version=template.latest_version, period=seed_records, scope=Scope.city(), actor=cast.admin
        )
    labels = {item["key"]: item["label"] for item in report.inputs["indicators"]}
    assert labels[translated_label] == "廉政會報召開場次"
    assert report.inputs["scope"]["label"] == "全市"


def test_the_annex_downloaded_from_an_english_page_is_the_reports_annex(cast, clients, seed_records, translated_label):
    from django.urls import reverse
    from openpyxl import load_workbook

    client = clients["admin"]
    client.cookies["django_language"] = "en"
    url = reverse("reports:annex_download", args=["xlsx"])
    response = client.get(url, {"period": seed_records.code, "scope": "city"})
    labels = {
        row[1] for row in load_workbook(io.BytesIO(response.getvalue())).worksheets[0].iter_rows(values_only=True)
    }
    assert "廉政會報召開場次" in labels and "Integrity meetings held" not in labels


def test_a_report_rendered_for_an_english_page_is_the_same_chinese_report(cast, seed_records):
    from django.utils import translation

    template = domain.ensure_default_template(actor=None)
    report = domain.build_report(version=template.latest_version, period=seed_records, scope=Scope.city(), actor=None)
    chinese = renderers.markdown(builder.build_document(report.inputs))
    with translation.override("en"):
        assert renderers.markdown(builder.build_document(report.inputs)) == chinese
    assert "本期、前期與去年同期".encode() in chinese and "110年下半年".encode() in chinese


def test_building_the_report_takes_the_same_queries_whatever_the_records(cast, seed_indicators):
    period = Period(110, 2)
    template = domain.ensure_default_template(actor=None)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            builder.build_document(
                builder.collect_inputs(version=template.latest_version, period=period, scope=Scope.city())
            )
        return len(context.captured_queries)

    for key in SEED:
        add_figure(key, 1, actor=cast.admin, period=period)
    few = queries()
    for key in SEED:
        for day in (2, 3, 4):
            add_figure(key, 1, actor=cast.officer, period=period, day=day)
    assert queries() == few


def test_format_value_prints_counts_shares_and_ratios_as_the_seed():
    assert builder.format_value(1170) == "1,170"
    assert builder.format_value(Decimal("98.39"), 2) == "98.39"
    assert builder.format_value(Decimal("2.00")) == "2"
    assert builder.format_value(None) == "—"


def test_annex_columns_are_sized_to_their_cells_and_the_labels_take_the_rest():
    table = Table(
        "表1",
        ("章節", "指標", "單位", "110年下半年", "前期（110年上半年）", "增減", "去年同期（109年下半年）", "增減"),
        (
            (
                "一(三)1",
                "實質審查結果：故意申報不實，移送法務部裁罰",
                "場次",
                "120,000",
                "0",
                "+120,000",
                "0",
                "+120,000",
            ),
        ),
    )
    assert renderers.column_widths(table) == [1.51, 5.1, 1.04, 1.67, 1.67, 1.67, 1.67, 1.67]


def test_docx_annex_repeats_its_header_and_right_aligns_the_figures(seed_report):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    table = Document(io.BytesIO(renderers.docx(seed_report))).tables[0]
    header, first = table.rows[0], table.rows[1]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [cell.text for cell in header.cells][:3] == ["章節", "指標", "單位"]
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert [cell.paragraphs[0].alignment for cell in first.cells] == [None] * 3 + [WD_ALIGN_PARAGRAPH.RIGHT] * 5
    widths = [round(column.width.cm, 2) for column in table.columns]
    assert widths == renderers.column_widths(_annex_table(seed_report))


def test_odt_annex_repeats_its_header_and_sizes_its_columns(seed_report):
    import zipfile

    from lxml import etree

    ns = {
        "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
        "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
        "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
        "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    }
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(renderers.odt(seed_report))).read("content.xml"))
    table = root.xpath("//table:table", namespaces=ns)[0]
    header = table.xpath("table:table-header-rows/table:table-row/table:table-cell", namespaces=ns)
    assert ["".join(cell.itertext()) for cell in header][:3] == ["章節", "指標", "單位"]
    columns = table.xpath("table:table-column/@table:style-name", namespaces=ns)
    widths = [
        float(
            root.xpath(
                f"//style:style[@style:name='{name}']/style:table-column-properties/@style:column-width", namespaces=ns
            )[0][:-2]
        )
        for name in columns
    ]
    assert widths == renderers.column_widths(_annex_table(seed_report))
    first = table.xpath("table:table-row[1]/table:table-cell/text:p/@text:style-name", namespaces=ns)
    align = {
        name: root.xpath(
            f"//style:style[@style:name='{name}']/style:paragraph-properties/@fo:text-align", namespaces=ns
        )[0]
        for name in set(first)
    }
    assert [align[name] for name in first] == ["start"] * 3 + ["end"] * 5


def _annex_table(document) -> Table:
    return next(block for block in document.blocks if isinstance(block, Table))
