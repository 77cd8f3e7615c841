import io
import re
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from probity.core.roc import Period
from probity.org.scope import Scope
from probity.reports import domain
from probity.reports.enums import HighlightSection
from probity.reports.models import BuiltReport, Highlight, TemplateVersion
from tests.reports.conftest import add_figure

ROLES_READ = [("admin", 200), ("officer", 200), ("outsider", 200), ("auditor", 200), ("anonymous", 302)]
ROLES_ADMIN_ONLY = [("admin", 200), ("officer", 403), ("outsider", 403), ("auditor", 403), ("anonymous", 302)]


def make_highlight(unit, *, period="110H2", title="重點", selected=False):
    highlight = domain.create_highlight(
        actor=None, unit=unit, period=period, section=HighlightSection.S1_2, title=title, body=f"{title}內容"
    )
    return domain.choose_highlight(highlight, selected=True, actor=None) if selected else highlight


SEED_PERIOD = Period(110, 2)


def make_report(unit=None, period=SEED_PERIOD):
    template = domain.ensure_default_template(actor=None)
    return domain.build_report(
        version=template.latest_version, period=period, scope=Scope(unit) if unit else Scope.city(), actor=None
    )


# --- indicators and records ---------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), ROLES_READ)
def test_indicators_page_for_each_role(clients, seed_indicators, role, status):
    response = clients[role].get("/reports/indicators/?period=110H2")
    assert response.status_code == status


def test_indicators_page_shows_values_comparisons_and_links(cast, clients, seed_indicators):
    add_figure("complaints.received", 12, actor=cast.officer, period=Period(110, 2))
    add_figure("complaints.received", 9, actor=cast.officer, period=Period(110, 1))
    add_figure("complaints.received", 30, actor=cast.officer, period=Period(109, 2))
    add_figure("complaints.outcome.open", 2, actor=cast.officer, period=Period(110, 2))
    page = clients["admin"].get("/reports/indicators/?period=110H2&scope=city").content.decode()
    row = page[page.index('data-indicator="complaints.received"') :]
    row = row[: row.index("</tr>")]
    assert '<a href="/reports/records/complaints.received/?period=110H2&amp;scope=city">12</a>' in row
    assert '<a href="/reports/records/complaints.received/?period=110H1&amp;scope=city">9</a>' in row
    assert '<a href="/reports/records/complaints.received/?period=109H2&amp;scope=city">30</a>' in row
    assert "+3" in row and "−18" in row
    assert "檢舉處理結果合計 2 案，與受理檢舉 12 案不符。" in page


def test_indicators_page_limits_an_officer_to_the_own_unit(cast, clients, seed_indicators):
    add_figure("complaints.received", 12, actor=cast.officer, period=Period(110, 2))
    add_figure("complaints.received", 5, actor=cast.outsider, period=Period(110, 2))
    page = clients["outsider"].get("/reports/indicators/?period=110H2").content.decode()
    assert f'scope={cast.unit_b.code}">5</a>' in page
    assert clients["outsider"].get(f"/reports/indicators/?period=110H2&scope={cast.unit_a.code}").status_code == 404


def test_indicators_and_build_form_follow_the_half_year_kept_on_the_dashboard(cast, clients, seed_indicators):
    """An officer writing up an older report keeps its half-year on the dashboard; the pages that write it follow."""
    add_figure("complaints.received", 12, actor=cast.officer, period=SEED_PERIOD)
    cast.officer.dashboard_period = SEED_PERIOD.code
    cast.officer.save()
    response = clients["officer"].get("/reports/indicators/")
    assert response.context["period"] == SEED_PERIOD
    assert f'/reports/records/complaints.received/?period=110H2&amp;scope={cast.unit_a.code}">12</a>' in (
        response.content.decode()
    )
    assert clients["officer"].get("/reports/").context["form"]["period"].initial == "110H2"
    assert clients["officer"].get("/reports/records/complaints.received/").context["period"] == SEED_PERIOD


def test_without_a_kept_half_year_the_pages_show_the_last_complete_one(cast, clients, seed_indicators):
    assert cast.officer.dashboard_period == ""
    last_complete = Period.current().previous()
    assert clients["officer"].get("/reports/indicators/").context["period"] == last_complete
    assert clients["officer"].get("/reports/").context["form"]["period"].initial == last_complete.code


def test_records_page_lists_the_rows_behind_a_figure(cast, clients, seed_indicators):
    add_figure("complaints.received", 12, actor=cast.officer, period=Period(110, 2))
    add_figure("complaints.received", 5, actor=cast.outsider, period=Period(110, 2))
    response = clients["officer"].get(f"/reports/records/complaints.received/?period=110H2&scope={cast.unit_a.code}")
    assert response.status_code == 200
    assert response.context["value"] == "12"
    assert [str(obj) for obj in response.context["page"]] == ["complaints.received complaints.received.xlsx"]


@pytest.mark.parametrize(("role", "status"), ROLES_READ)
def test_records_page_for_each_role(clients, seed_indicators, role, status):
    assert clients[role].get("/reports/records/complaints.received/?period=110H2").status_code == status


def test_records_page_of_an_unknown_indicator_is_404(clients):
    assert clients["admin"].get("/reports/records/no.such.key/").status_code == 404


def test_annex_downloads_as_xlsx_and_ods(cast, clients, seed_indicators):
    from openpyxl import load_workbook

    add_figure("complaints.received", 571, actor=cast.admin, period=Period(110, 2))
    response = clients["admin"].get("/reports/indicators/annex.xlsx?period=110H2")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    rows = {row[-1]: row for row in sheet.iter_rows(values_only=True)}
    assert rows["complaints.received"][:5] == ("三(一)", "測試指標 complaints.received", "案", 571, 0)
    ods = clients["admin"].get("/reports/indicators/annex.ods?period=110H2")
    assert ods["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    content = zipfile.ZipFile(io.BytesIO(ods.content)).read("content.xml").decode()
    assert "complaints.received" in content
    widths = re.findall(
        r'style:name="co(\d+)"[^>]*><style:table-column-properties style:column-width="([\d.]+)cm"', content
    )
    assert widths[:3] == [("0", "1.80"), ("1", "12.00"), ("2", "1.20")]  # 章節, the indicator's label, 單位
    sheet_widths = [sheet.column_dimensions[letter].width for letter in "ABC"]
    assert sheet_widths == [9, 60, 6]


# --- templates ---------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), ROLES_ADMIN_ONLY)
def test_template_list_for_each_role(clients, role, status):
    assert clients[role].get("/reports/templates/").status_code == status


@pytest.mark.parametrize(("role", "status"), ROLES_ADMIN_ONLY)
def test_template_edit_for_each_role(clients, role, status):
    template = domain.ensure_default_template(actor=None)
    assert clients[role].get(f"/reports/templates/{template.code}/").status_code == status


def test_template_edit_saves_a_new_version(cast, clients):
    template = domain.ensure_default_template(actor=None)
    response = clients["admin"].post(
        f"/reports/templates/{template.code}/", {"body": "= {{ period.label }}報告", "note": "精簡", "period": "110H2"}
    )
    assert response.status_code == 302
    latest = template.latest_version
    assert (latest.number, latest.body, latest.note, latest.author) == (
        2,
        "= {{ period.label }}報告",
        "精簡",
        cast.admin,
    )


def test_template_edit_refuses_a_body_that_breaks_the_sandbox(clients):
    template = domain.ensure_default_template(actor=None)
    response = clients["admin"].post(f"/reports/templates/{template.code}/", {"body": "{% load static %}"})
    assert response.status_code == 200
    assert "範本使用了不允許的標籤「load」" in response.content.decode()
    assert TemplateVersion.objects.filter(template=template).count() == 1


def test_template_preview_renders_the_posted_body(clients, cast, seed_indicators):
    add_figure("complaints.received", 571, actor=cast.admin, period=Period(110, 2))
    response = clients["admin"].post(
        "/reports/templates/preview/", {"body": '受理{% figure "complaints.received" %}案', "period": "110H2"}
    )
    assert '<a class="figure" href="/reports/records/complaints.received/?period=110H2&amp;scope=city"' in (
        response.content.decode()
    )


def test_template_preview_shows_the_sandbox_error(clients):
    response = clients["admin"].post("/reports/templates/preview/", {"body": "{{ settings.SECRET_KEY }}"})
    assert "範本使用了不存在的欄位「settings.SECRET_KEY」" in response.content.decode()


@pytest.mark.parametrize(("role", "status"), [("officer", 403), ("auditor", 403), ("anonymous", 302)])
def test_template_preview_is_for_central_admins_only(clients, role, status):
    assert clients[role].post("/reports/templates/preview/", {"body": "x"}).status_code == status


def test_version_detail_shows_the_body(clients):
    version = domain.ensure_default_template(actor=None).latest_version
    response = clients["admin"].get(f"/reports/templates/versions/{version.code}/")
    assert "發揮內控機制，提升有感廉政效益" in response.content.decode()


# --- highlights --------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), ROLES_READ)
def test_highlight_list_for_each_role(clients, role, status):
    assert clients[role].get("/reports/highlights/").status_code == status


def test_highlight_list_shows_only_the_users_scope(cast, clients):
    make_highlight(cast.unit_a, title="甲的重點")
    make_highlight(cast.unit_b, title="乙的重點")
    assert [h.title for h in clients["officer"].get("/reports/highlights/").context["page"]] == ["甲的重點"]
    assert len(clients["admin"].get("/reports/highlights/").context["page"]) == 2


def test_highlight_list_queries_do_not_grow_with_items(cast, clients):
    make_highlight(cast.unit_a, title="一")
    with CaptureQueriesContext(connection) as one:
        clients["admin"].get("/reports/highlights/")
    make_highlight(cast.unit_a, title="二")
    make_highlight(cast.unit_b, title="三")
    with CaptureQueriesContext(connection) as three:
        clients["admin"].get("/reports/highlights/")
    assert len(three) == len(one)


def test_officer_writes_a_highlight_for_the_own_unit(cast, clients):
    response = clients["officer"].post(
        "/reports/highlights/new/",
        {
            "period": "110H2",
            "section": "s1_2",
            "unit": cast.unit_a.pk,
            "title": "廉政平臺",
            "body": "內容",
            "sort_order": 1,
        },
    )
    assert response.status_code == 302
    highlight = Highlight.objects.get(title="廉政平臺")
    assert (highlight.unit, highlight.author, highlight.selected) == (cast.unit_a, cast.officer, False)


def test_officer_cannot_write_a_highlight_for_another_unit(cast, clients):
    response = clients["officer"].post(
        "/reports/highlights/new/",
        {
            "period": "110H2",
            "section": "s1_2",
            "unit": cast.unit_b.pk,
            "title": "越權",
            "body": "內容",
            "sort_order": 1,
        },
    )
    assert response.status_code == 200
    assert not Highlight.objects.filter(title="越權").exists()


@pytest.mark.parametrize(("role", "status"), [("auditor", 403), ("anonymous", 302)])
def test_highlight_create_refuses_read_only_users(clients, role, status):
    assert clients[role].get("/reports/highlights/new/").status_code == status


@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("officer", 200), ("outsider", 404), ("auditor", 200)])
def test_highlight_edit_for_each_role(cast, clients, role, status):
    highlight = make_highlight(cast.unit_a)
    assert clients[role].get(f"/reports/highlights/{highlight.code}/").status_code == status


def test_auditor_cannot_change_a_highlight(cast, clients):
    highlight = make_highlight(cast.unit_a)
    response = clients["auditor"].post(f"/reports/highlights/{highlight.code}/", {"title": "改"})
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("role", "status", "selected"), [("admin", 302, True), ("officer", 403, False), ("auditor", 403, False)]
)
def test_only_central_admins_choose_highlights(cast, clients, role, status, selected):
    highlight = make_highlight(cast.unit_a)
    response = clients[role].post(f"/reports/highlights/{highlight.code}/choose/", {"selected": "1"})
    assert response.status_code == status
    assert Highlight.objects.get(pk=highlight.pk).selected is selected


def test_chosen_highlights_appear_in_the_report(cast):
    make_highlight(cast.unit_a, title="入選", selected=True)
    make_highlight(cast.unit_a, title="未選")
    report = make_report()
    assert [item["title"] for item in report.inputs["highlights"]["s1_2"]] == ["入選"]


# --- built reports ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("role", "status"), ROLES_READ)
def test_report_list_for_each_role(clients, role, status):
    assert clients[role].get("/reports/").status_code == status


def test_admin_builds_a_report_from_the_browser(cast, clients, seed_records):
    template = domain.ensure_default_template(actor=None)
    response = clients["admin"].post("/reports/", {"template": template.pk, "period": "110H2", "scope": "city"})
    report = BuiltReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/built/{report.code}/"
    assert (report.period, report.unit, report.built_by, report.template_version) == (
        "110H2",
        None,
        cast.admin,
        template.latest_version,
    )
    page = clients["admin"].get(response["Location"]).content.decode()
    assert '計<a class="figure"' in page


def test_auditor_cannot_build_a_report(clients):
    template = domain.ensure_default_template(actor=None)
    response = clients["auditor"].post("/reports/", {"template": template.pk, "period": "110H2", "scope": "city"})
    assert response.status_code == 403


def test_officer_builds_only_within_the_own_scope(cast, clients):
    template = domain.ensure_default_template(actor=None)
    response = clients["officer"].post(
        "/reports/", {"template": template.pk, "period": "110H2", "scope": str(cast.unit_b.code)}
    )
    assert response.status_code == 200
    assert not BuiltReport.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("officer", 200), ("outsider", 404), ("auditor", 200), ("anonymous", 302)]
)
def test_report_detail_for_each_role(cast, clients, role, status):
    report = make_report(cast.unit_a)
    assert clients[role].get(f"/reports/built/{report.code}/").status_code == status


@pytest.mark.parametrize(
    ("fmt", "content_type", "magic"),
    [
        ("md", "text/markdown; charset=utf-8", "# 高雄市政府110年下半年政風工作報告".encode()),
        ("html", "text/html; charset=utf-8", b"<!doctype html>"),
        ("pdf", "application/pdf", b"%PDF"),
        ("odt", "application/vnd.oasis.opendocument.text", b"PK"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
    ],
)
def test_report_downloads_in_each_format(cast, clients, fmt, content_type, magic):
    report = make_report()
    response = clients["officer"].get(f"/reports/built/{report.code}/report.{fmt}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(magic)


def test_report_list_queries_do_not_grow_with_reports(cast, clients):
    make_report()
    with CaptureQueriesContext(connection) as one:
        clients["admin"].get("/reports/")
    make_report()
    make_report(cast.unit_a)
    with CaptureQueriesContext(connection) as three:
        clients["admin"].get("/reports/")
    assert len(three) == len(one)


@pytest.mark.parametrize(
    ("role", "status", "published"), [("admin", 302, True), ("officer", 403, False), ("auditor", 403, False)]
)
def test_only_central_admins_publish(clients, role, status, published):
    report = make_report()
    assert clients[role].post(f"/reports/built/{report.code}/publish/").status_code == status
    assert BuiltReport.objects.get(pk=report.pk).published is published


def test_records_page_queries_do_not_grow_with_records(cast, clients, seed_indicators):
    add_figure("complaints.received", 1, actor=cast.officer, period=Period(110, 2))
    url = "/reports/records/complaints.received/?period=110H2&scope=city"
    with CaptureQueriesContext(connection) as one:
        clients["admin"].get(url)
    add_figure("complaints.received", 1, actor=cast.officer, period=Period(110, 2), day=2)
    add_figure("complaints.received", 1, actor=cast.outsider, period=Period(110, 2), day=3)
    with CaptureQueriesContext(connection) as three:
        response = clients["admin"].get(url)
    assert len(response.context["page"]) == 3
    assert len(three) == len(one)


def test_indicators_page_keeps_the_period_when_the_scope_is_not_allowed(cast, clients, seed_indicators):
    response = clients["officer"].get("/reports/indicators/?period=109H1&scope=city")
    assert (response.context["period"], response.context["scope"].unit) == (Period(109, 1), cast.unit_a)


def test_downloaded_markdown_links_figures_with_the_site_address(cast, clients, seed_records):
    report = make_report()
    text = clients["admin"].get(f"/reports/built/{report.code}/report.md").content.decode()
    assert "：571 <http://testserver/reports/records/complaints.received/?period=110H2&scope=city>" in text


def test_a_report_is_named_in_the_page_language(clients, cast, seed_indicators):
    city, unit = make_report(), make_report(unit=cast.unit_a)
    client = clients["admin"]
    assert "<h1>110年下半年 全市 工作報告</h1>" in client.get(city.get_absolute_url()).content.decode()
    client.cookies["django_language"] = "en"
    assert "<h1>Citywide work report for ROC 110 H2 (2021)</h1>" in client.get(city.get_absolute_url()).content.decode()
    page = client.get(unit.get_absolute_url()).content.decode()
    assert "<h1>甲局政風室 work report for ROC 110 H2 (2021)</h1>" in page


def test_the_default_templates_name_reads_in_the_pages_language(clients):
    template = domain.ensure_default_template(actor=None)
    version = template.latest_version
    client = clients["admin"]
    listed = client.get("/reports/templates/").content.decode()
    assert f'<a href="{template.get_absolute_url()}">政風工作報告（半年報）</a>' in listed
    assert "<td>依110年下半年工作報告之章節與文字</td>" in listed
    client.cookies["django_language"] = "en"
    listed = client.get("/reports/templates/").content.decode()
    assert f'<a href="{template.get_absolute_url()}">Ethics work report (half-yearly)</a>' in listed
    assert "<td>The sections and wording of the ROC 110 H2 work report</td>" in listed
    page = client.get(version.get_absolute_url()).content.decode()
    assert f"<h1>Ethics work report (half-yearly), version {version.number}</h1>" in page
    assert str(version) == f"政風工作報告（半年報） 第{version.number}版"  # the record keeps its Chinese name


def test_a_template_the_city_names_shows_as_written(clients):
    from probity.reports.models import ReportTemplate

    template = ReportTemplate.objects.create(name="專案報告", description="臨時")
    clients["admin"].cookies["django_language"] = "en"
    listed = clients["admin"].get("/reports/templates/").content.decode()
    assert f'<a href="{template.get_absolute_url()}">專案報告</a>' in listed
