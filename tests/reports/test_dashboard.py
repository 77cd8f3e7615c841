import base64
import re

import pytest
from django.test import Client

from probity.audit.models import AuditEvent
from probity.core import worklists
from probity.core.models import ImportRun
from probity.core.roc import Period
from tests.conftest import login
from tests.reports.conftest import add_figure


@pytest.fixture
def import_worklist(monkeypatch):
    """A worklist over real rows: the import runs that were rejected, as a module would register one."""
    monkeypatch.setattr(worklists, "_worklists", {})

    @worklists.worklist("core.rejected_imports", label="被拒絕的匯入", url_name="core:import_index")
    def rejected(user):
        runs = ImportRun.objects.filter(status="rejected")
        return runs if user.sees_all else runs.filter(actor=user)


@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("officer", 200), ("auditor", 200), ("anonymous", 302)])
def test_dashboard_for_each_role(clients, seed_indicators, import_worklist, role, status):
    assert clients[role].get("/").status_code == status


def test_dashboard_counts_overdue_items_of_each_worklist(cast, clients, import_worklist):
    for actor in (cast.officer, cast.officer, cast.outsider):
        ImportRun.objects.create(
            record_type="x", file_name="x.xlsx", file_sha256="0" * 64, actor=actor, status="rejected"
        )
    officer_page = clients["officer"].get("/")
    assert [(entry.key, count) for entry, count in officer_page.context["overdue"]] == [("core.rejected_imports", 2)]
    admin_page = clients["admin"].get("/").content.decode()
    assert '<a href="/imports/">被拒絕的匯入</a>' in admin_page
    assert '<span class="worklist-count">3</span>' in admin_page


def test_dashboard_shows_the_current_half_year_so_far_with_links(cast, clients, seed_indicators):
    period = Period.current()
    add_figure("complaints.received", 1170, actor=cast.admin, period=period, day=1)
    page = clients["admin"].get("/").content.decode()
    assert f'<a href="/reports/records/complaints.received/?period={period.code}&amp;scope=city">1,170</a>' in page
    assert f'hx-get="/reports/dashboard/charts/?scope=city&amp;period={period.code}"' in page


def test_dashboard_charts_are_svg_images_of_the_counts_recorded(cast, clients, seed_indicators):
    add_figure("complaints.received", 42, actor=cast.officer, period=Period.current(), day=1)
    page = clients["officer"].get("/reports/dashboard/charts/").content.decode()
    # Chapters whose counts are all zero in the three periods have no chart; the trend always has one.
    captions = re.findall(r"<figcaption>([^<]+)</figcaption>", page)
    assert captions == ["圖1　第三章：本期、前期與去年同期", "圖2　近6個半年度主要指標趨勢"]
    assert page.count('<img src="data:image/svg+xml;base64,') == 2
    svg = base64.b64decode(re.search(r'base64,([^"]+)', page)[1]).decode()
    # One panel, titled with the indicator (in two lines) and labelled with its figure.
    for text in (">測試指標</text>", ">complaints.received</text>", ">42</text>"):
        assert text in svg


def test_dashboard_charts_follow_the_half_year_the_dashboard_shows(cast, clients, seed_indicators):
    chosen = Period.current().previous().previous()
    page = clients["admin"].get("/", {"period": chosen.code}).content.decode()
    assert f'hx-get="/reports/dashboard/charts/?scope=city&amp;period={chosen.code}"' in page
    charts = clients["officer"].get("/reports/dashboard/charts/", {"period": chosen.code}).content.decode()
    svgs = [base64.b64decode(found).decode() for found in re.findall(r"base64,([^\"]+)", charts)]
    trend = next(svg for svg in svgs if chosen.label in svg)  # the trend's last point is the chosen half-year
    assert chosen.next().label not in trend


def test_dashboard_charts_read_in_english_on_an_english_page(cast, clients, seed_indicators):
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = client.get("/reports/dashboard/charts/").content.decode()
    svgs = "".join(base64.b64decode(found).decode() for found in re.findall(r'base64,([^"]+)', page))
    current = Period.current()
    assert "Figure 1" in page and "trend of the main indicators over the last 6 half-years" in page
    assert current.label_en in svgs and current.label not in svgs
    assert "本期" not in page


def test_dashboard_charts_refuse_anonymous(clients):
    assert clients["anonymous"].get("/reports/dashboard/charts/").status_code == 302


def test_dashboard_keeps_the_half_year_chosen_last_across_logins(cast, clients, seed_indicators):
    chosen = Period.current().previous()
    client = clients["officer"]
    response = client.post("/dashboard/period/", {"period": chosen.code})
    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.get("/").context["period"] == chosen
    again = login(Client(), cast.officer)
    assert again.get("/").context["period"] == chosen
    assert clients["outsider"].get("/").context["period"] == Period.current()
    client.post("/dashboard/period/", {"period": Period.current().code})
    assert client.get("/").context["period"] == Period.current()
    cast.officer.refresh_from_db()
    assert cast.officer.dashboard_period == ""  # the current half-year follows the calendar
    choices = AuditEvent.objects.filter(verb="org.staff.dashboard_period").order_by("id")
    assert [event.data["period"] for event in choices] == [chosen.code, ""]


def test_a_half_year_in_the_address_is_shown_but_not_kept(cast, clients, seed_indicators):
    chosen = Period.current().previous()
    client = clients["officer"]
    assert client.get("/", {"period": chosen.code}).context["period"] == chosen
    assert client.get("/").context["period"] == Period.current()
    cast.officer.refresh_from_db()
    assert cast.officer.dashboard_period == ""
    assert not AuditEvent.objects.filter(verb="org.staff.dashboard_period").exists()


@pytest.mark.parametrize(
    ("role", "status", "location"),
    [
        ("admin", 302, "/"),
        ("officer", 302, "/"),
        ("auditor", 302, "/"),
        ("outsider", 302, "/"),
        ("anonymous", 302, "/org/login/?next=/dashboard/period/"),
    ],
)
def test_choosing_the_half_year_for_each_role(cast, clients, role, status, location):
    response = clients[role].post("/dashboard/period/", {"period": Period.current().previous().code})
    assert (response.status_code, response["Location"]) == (status, location)
    assert clients[role].get("/dashboard/period/").status_code == 405


def test_the_dashboard_chooses_its_half_year_by_post(clients, seed_indicators):
    page = clients["officer"].get("/").content.decode()
    assert '<form method="post" action="/dashboard/period/" class="period-choice">' in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_malformed_or_future_half_year_chooses_the_current_one(cast, clients):
    cast.officer.dashboard_period = Period.current().previous().code
    cast.officer.save()
    for text in ("999H9", "nonsense", ""):
        clients["officer"].post("/dashboard/period/", {"period": text})
        cast.officer.refresh_from_db()
        assert cast.officer.dashboard_period == ""


def test_dashboard_says_when_the_half_year_has_no_records(cast, clients, seed_indicators):
    empty = clients["admin"].get("/").content.decode()
    assert 'data-testid="nothing-recorded"' in empty
    add_figure("complaints.received", 3, actor=cast.admin, period=Period.current(), day=1)
    assert 'data-testid="nothing-recorded"' not in clients["admin"].get("/").content.decode()


def test_dashboard_names_every_indicator_in_english_on_an_english_page(cast, clients):
    import re

    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = client.get("/").content.decode()
    labels = re.findall(r'<div class="label">([^<]*)</div>', page)
    assert "二(一)1 Protection of official secrets outreach sessions" in labels
    assert "Annex Outreach sessions (Briefing)" in labels
    # Only the report's own numbering stays in Chinese.
    assert [label for label in labels if re.search(r"[\u4e00-\u9fff]", label.split(" ", 1)[1])] == []
