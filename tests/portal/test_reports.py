"""Published work reports on the public portal: listed, read and downloaded without login, without staff links."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from probity.reports import domain, publication, renderers
from tests.reports import conftest as reports_fixtures
from tests.reports.conftest import add_figure
from tests.reports.test_views import SEED_PERIOD, make_report

seed_indicators = reports_fixtures.seed_indicators  # the reports' fixture: the seed's indicators over import runs


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def published(cast, seed_indicators):
    add_figure("complaints.received", 1170, actor=cast.admin, period=SEED_PERIOD)
    report = domain.publish_report(make_report(), actor=cast.admin)
    return report


def test_only_published_reports_are_listed_and_open(client, cast, seed_indicators, published):
    draft = make_report(unit=cast.unit_a)
    page = client.get(reverse("portal:report_list"))
    assert [report.pk for report in page.context["page"]] == [published.pk]
    assert client.get(reverse("portal:report_detail", args=[published.code])).status_code == 200
    assert client.get(reverse("portal:report_detail", args=[draft.code])).status_code == 404
    assert client.get(reverse("portal:report_download", args=[draft.code, "pdf"])).status_code == 404


def test_publishing_dates_the_report(published):
    assert timezone.now() - published.published_at < dt.timedelta(minutes=1)


def test_the_public_text_keeps_the_figures_but_not_their_links_to_staff_pages(client, published):
    staff_html = renderers.html_body(domain.builder.build_document(published.inputs))
    assert '<a class="figure" href="/reports/records/complaints.received/' in staff_html
    page = client.get(reverse("portal:report_detail", args=[published.code])).content.decode()
    body = page[page.index('<div class="report-preview"') :]
    assert "1,170" in body
    assert "/reports/records/" not in page
    assert 'class="figure"' not in body
    assert re.sub(r"<[^>]+>", "", body.split("</article>")[0]).count("1,170") == re.sub(
        r"<[^>]+>", "", staff_html
    ).count("1,170")


@pytest.mark.parametrize("fmt", ["pdf", "odt", "docx"])
def test_each_format_downloads_and_is_rendered_once(client, published, monkeypatch, fmt):
    url = reverse("portal:report_download", args=[published.code, fmt])
    first = client.get(url)
    assert first.status_code == 200
    assert first["Content-Type"] == renderers.CONTENT_TYPES[fmt]
    assert first["Content-Disposition"] == f'attachment; filename="report-110H2-{published.code}.{fmt}"'

    def no_second_render(*args, **kwargs):
        raise AssertionError("rendered again")

    monkeypatch.setattr(renderers, "render", no_second_render)
    assert client.get(url).content == first.content


def test_a_format_staff_alone_download_is_not_found(client, published):
    assert client.get(f"/portal/reports/{published.code}/report.md").status_code == 404


def test_the_portal_home_links_the_reports(client):
    page = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("portal:report_list")}"' in page


def test_the_list_reads_in_english(client, published):
    client.cookies["django_language"] = "en"
    page = client.get(reverse("portal:report_list")).content.decode()
    assert "ROC 110 H2 (2021)" in page
    assert "Work reports" in page
    assert publication.PUBLIC_FORMATS == ("pdf", "odt", "docx")


def test_the_staff_page_of_a_published_report_links_its_public_version(clients, published):
    page = clients["officer"].get(published.get_absolute_url()).content.decode()
    public = reverse("portal:report_detail", args=[published.code])
    assert f'<a href="{public}" id="public-report">公開專區的版本</a>' in page


def test_the_list_filters_by_half_year_and_scope_among_what_was_published(client, cast, published):
    unit_report = domain.publish_report(make_report(unit=cast.unit_a), actor=cast.admin)
    earlier = domain.publish_report(make_report(period=SEED_PERIOD.previous()), actor=cast.admin)
    make_report(unit=cast.unit_b)  # a draft: neither listed nor offered as a scope
    url = reverse("portal:report_list")

    def listed(**params):
        page = client.get(url, params)
        return [report.pk for report in page.context["page"]], page

    everything, page = listed()
    assert everything == [published.pk, unit_report.pk, earlier.pk]
    assert list(page.context["form"].fields["scope"].choices) == [
        ("", "全部"),
        ("city", "全市"),
        (str(cast.unit_a.code), "甲局政風室"),
    ]
    assert [code for code, _label in page.context["form"].fields["period"].choices] == ["", "110H2", "110H1"]
    assert listed(period="110H1")[0] == [earlier.pk]
    assert listed(scope="city")[0] == [published.pk, earlier.pk]
    assert listed(scope=str(cast.unit_a.code), period="110H2")[0] == [unit_report.pk]
    drafts_only, page = listed(scope=str(cast.unit_b.code))  # not a choice: nothing listed, and why
    assert drafts_only == []
    assert "條件有誤，更正前不列出紀錄。" in page.content.decode()
    empty, page = listed(scope=str(cast.unit_a.code), period="110H1")
    assert empty == []
    assert "沒有符合條件的工作報告。" in page.content.decode()


def test_the_list_reads_in_a_fixed_number_of_queries(client, cast, published, django_assert_num_queries):
    for unit in (cast.unit_a, cast.unit_b, cast.unit_a1):
        domain.publish_report(make_report(unit=unit), actor=cast.admin)
    with django_assert_num_queries(5):  # the half-years, the units, the city, the count and the page
        assert client.get(reverse("portal:report_list")).status_code == 200
