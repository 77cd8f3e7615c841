import base64
import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from probity.accessaudit import domain, queries
from probity.accessaudit.enums import KIND_LABELS, Decision
from probity.accessaudit.models import Alert, LogImport, SampleDraw
from probity.audit.models import AuditEvent

READ_ROLES = {"admin": 200, "officer": 200, "auditor": 403, "anonymous": 302}


def _status(clients, url, role, method="get", data=None):
    client = clients[role]
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code


@pytest.fixture
def urls(loaded, alert, cast):
    draw = domain.draw_month_sample(system=loaded.system, month="2021-08", sources=["1"], actor=cast.admin)
    domain.decide_alert(
        alert=Alert.objects.exclude(pk=alert.pk).filter(lookup_id__isnull=False).first(),
        decision=Decision.MISUSE,
        note="x",
        actor=cast.admin,
    )
    finding = loaded.system.findings.get()
    system = loaded.system
    return {
        "alert_detail": reverse("accessaudit:alert_detail", args=[alert.code]),
        "system_detail": reverse("accessaudit:system_detail", args=[system.code]),
        "timeline": reverse("accessaudit:user_timeline", args=[system.code, alert.account]),
        "import_detail": reverse("accessaudit:import_detail", args=[LogImport.objects.get().code]),
        "import_progress": reverse("accessaudit:import_progress", args=[LogImport.objects.get().code]),
        "sample_detail": reverse("accessaudit:sample_detail", args=[draw.code]),
        "finding_detail": reverse("accessaudit:finding_detail", args=[finding.code]),
    }


LISTS = ["accessaudit:alert_list", "accessaudit:system_list", "accessaudit:finding_list"]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize(("role", "expected"), [*READ_ROLES.items(), ("outsider", 200)])
def test_lists_by_role(designated, clients, name, role, expected):
    assert _status(clients, reverse(name), role) == expected


@pytest.mark.parametrize(
    "name",
    [
        "alert_detail",
        "system_detail",
        "timeline",
        "import_detail",
        "import_progress",
        "sample_detail",
        "finding_detail",
    ],
)
@pytest.mark.parametrize(("role", "expected"), [*READ_ROLES.items(), ("outsider", 404)])
def test_object_pages_by_role(designated, urls, clients, name, role, expected):
    assert _status(clients, urls[name], role) == expected


def test_every_page_loads_the_modules_stylesheet(designated, urls, clients):
    pages = [reverse(name) for name in [*LISTS, "accessaudit:auditor_list"]]
    pages += [url for name, url in urls.items() if name != "import_progress"]  # a fragment for htmx
    missing = [url for url in pages if "css/accessaudit.css" not in clients["admin"].get(url).content.decode()]
    assert missing == []


def test_officer_without_designation_is_refused(cast, clients, loaded):
    from probity.accessaudit.models import AccessAuditor

    AccessAuditor.objects.filter(user=cast.officer).delete()
    assert clients["officer"].get(reverse("accessaudit:alert_list")).status_code == 403


@pytest.mark.parametrize(("role", "expected"), [("admin", 200), ("officer", 403), ("auditor", 403), ("anonymous", 302)])
def test_auditor_list_is_for_central_admins(designated, clients, role, expected):
    assert _status(clients, reverse("accessaudit:auditor_list"), role) == expected


def test_alert_list_shows_only_the_users_scope(designated, loaded, clients):
    assert (
        clients["officer"].get(reverse("accessaudit:alert_list")).context["page"].paginator.count
        == Alert.objects.count()
    )
    assert clients["outsider"].get(reverse("accessaudit:alert_list")).context["page"].paginator.count == 0


def test_alert_list_filters_by_rule_and_decision(designated, loaded, clients):
    response = clients["officer"].get(reverse("accessaudit:alert_list"), {"rule": "bulk", "decision": "open"})
    assert response.context["page"].paginator.count == Alert.objects.filter(rule="bulk").count()


def test_every_kind_the_rules_raise_has_a_label_and_a_filter(designated, loaded, clients):
    from probity.accessaudit.enums import KIND_LABELS

    raised = set(Alert.objects.filter(system=loaded.system).values_list("kind", flat=True))
    assert raised - set(KIND_LABELS) == set()
    assert {"no_explanation", "self", "vip", "night", "outside_area"} <= raised
    response = clients["officer"].get(reverse("accessaudit:alert_list"), {"kind": "vip"})
    vip = Alert.objects.filter(system=loaded.system, kind="vip")
    assert response.context["page"].paginator.count == vip.count()
    page = response.content.decode()
    assert '<td title="查閱本人、同仁、同戶或親屬、重要人士">查閱重要人士</td>' in page
    assert '<optgroup label="下班時間或假日查閱">' in page and '<option value="holiday">放假日</option>' in page


def test_alert_list_month_of_the_top_scores_reads_in_roc_and_opens_that_months_lookups(designated, loaded, clients):
    response = clients["officer"].get(reverse("accessaudit:alert_list"))
    top = response.context["scores"][0]
    sums = {}
    for alert in Alert.objects.filter(system=loaded.system):
        key = (alert.account, alert.day.replace(day=1))
        sums[key] = sums.get(key, 0) + alert.score
    best = max(sums.values())
    assert (top["account"], top["month"], top["score"]) == (
        *min((key for key, score in sums.items() if score == best), key=lambda k: (k[0], -k[1].toordinal())),
        best,
    )
    first = top["last_day"].replace(day=1)
    last = (first + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    assert (top["month"], top["month_end"]) == (first, last)
    timeline = reverse("accessaudit:user_timeline", args=[top["system"].code, top["account"]])
    bounds = [f"{day.year - 1911}%2F{day:%m}%2F{day:%d}" for day in (first, last)]
    link = (
        f'<a href="{timeline}?date_from={bounds[0]}&amp;date_to={bounds[1]}">{first.year - 1911}年{first.month}月</a>'
    )
    assert link in response.content.decode()
    opened = clients["officer"].get(f"{timeline}?date_from={bounds[0]}&date_to={bounds[1]}")
    assert (opened.context["start"], opened.context["end"]) == (first, last)


def test_alert_list_query_count_does_not_grow(designated, loaded, clients, django_assert_num_queries):
    client = clients["officer"]
    url = reverse("accessaudit:alert_list")
    Alert.objects.exclude(pk__in=Alert.objects.order_by("pk").values("pk")[:3]).delete()
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as three:
        client.get(url)
    Alert.objects.exclude(pk=Alert.objects.order_by("pk").first().pk).delete()
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    assert len(one) == len(three)


def test_system_list_shows_each_systems_lookups_last_audited_day_and_open_alerts(designated, loaded, clients):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    idle = domain.register_system(
        agency=designated.agency_a,
        key="land",
        name="地政資訊系統",
        column_mapping=loaded.system.column_mapping,
        actor=designated.admin,
    )
    domain.update_system(system=idle, actor=designated.admin, is_active=False)
    opened = Alert.objects.filter(system=loaded.system, decision=Decision.OPEN)
    expected_open = opened.count()
    domain.decide_alert(alert=opened.first(), decision="justified", actor=designated.officer)
    url = reverse("accessaudit:system_list")
    with CaptureQueriesContext(connection) as two:
        response = clients["officer"].get(url)
    rows = {system.key: system for system in response.context["page"]}
    hr = rows["hr"]
    assert (hr.lookups, hr.audited_to, hr.open_alerts) == (
        LogImport.objects.get(system=loaded.system).rows,
        dt.date(2021, 12, 31),
        expected_open - 1,
    )
    assert (rows["land"].lookups, rows["land"].audited_to, rows["land"].open_alerts) == (None, None, None)
    page = response.content.decode()
    assert f'?system={loaded.system.code}&amp;decision=open">{expected_open - 1:,}</a>' in page
    assert "110/12/31" in page
    assert '地政資訊系統</a> <small class="muted">已停止監控</small>' in page
    idle.delete()
    with CaptureQueriesContext(connection) as one:
        clients["officer"].get(url)
    assert len(one) == len(two)


def test_a_run_lists_what_each_rule_alerted_on_and_its_share_of_the_lookups(designated, loaded, clients):
    from probity.accessaudit.models import AuditRun

    AuditRun.objects.create(
        system=loaded.system,
        unit=loaded.system.unit,
        date_from=dt.date(2022, 1, 1),
        date_to=dt.date(2022, 1, 31),
        status="succeeded",
        lookups=600_996,
        alert_count=2_200,
        by_rule={"bulk": 120, "unexplained": 2_001},
    )
    page = clients["officer"].get(loaded.system.get_absolute_url()).content.decode()
    shares = page[page.index("111/01/01–111/01/31") :]
    shares = shares[: shares.index("</ul>")]
    link = f'<a href="/accessaudit/?system={loaded.system.code}&amp;rule='
    assert f'{link}unexplained">無事由或無案可稽之查閱</a> 2,001（0.333%）' in shares
    assert f'{link}bulk">批次匯出或列印</a> 120（0.020%）' in shares
    assert shares.index("unexplained") < shares.index("bulk")  # in the rules' order, not the run's


def test_every_view_of_log_data_is_audited(designated, urls, clients, cast):
    before = AuditEvent.objects.filter(verb__startswith="accessaudit.logdata.view").count()
    for name in ("alert_detail", "timeline", "sample_detail", "finding_detail"):
        assert clients["officer"].get(urls[name]).status_code == 200
    clients["officer"].get(reverse("accessaudit:alert_list"))
    events = AuditEvent.objects.filter(verb__startswith="accessaudit.logdata.view").order_by("id")[before:]
    assert [e.verb for e in events] == [
        "accessaudit.logdata.view.alert",
        "accessaudit.logdata.view.timeline",
        "accessaudit.logdata.view.sample",
        "accessaudit.logdata.view.finding",
        "accessaudit.logdata.view.alerts",
    ]
    assert all(e.actor_id == cast.officer.pk for e in events)


def test_timeline_reads_the_users_lookups(designated, urls, clients, alert):
    response = clients["officer"].get(urls["timeline"])
    lookups = response.context["lookups"]
    assert response.context["total"] >= 1
    assert {row["user_id"] for row in lookups} == {alert.account}
    assert any(row["alerts"] for row in lookups)


def test_timeline_lists_every_alert_a_lookup_raised(designated, loaded, clients):
    from django.db.models import Count

    twice = (
        Alert.objects.filter(system=loaded.system, lookup_id__isnull=False)
        .values("account", "lookup_id", "day")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("lookup_id")
        .first()
    )
    from probity.core import roc

    day = roc.format_slash(twice["day"])
    url = reverse("accessaudit:user_timeline", args=[loaded.system.code, twice["account"]])
    response = clients["officer"].get(url, {"date_from": day, "date_to": day})
    row = next(row for row in response.context["lookups"] if row["lookup_id"] == twice["lookup_id"])
    expected = Alert.objects.filter(system=loaded.system, lookup_id=twice["lookup_id"]).order_by("rule", "kind")
    assert [alert.pk for alert in row["alerts"]] == [alert.pk for alert in expected]
    assert len(row["alerts"]) == twice["n"]
    page = response.content.decode()
    for alert in expected:
        assert f'<a href="{alert.get_absolute_url()}" title="{alert.get_rule_display()}">{alert.kind_label}</a>' in page
    assert page.count('<table class="aa-related">') == 1  # the period's alerts, as on an alert's page
    staff = queries.staff_record(loaded.system, twice["account"])
    assert f"{twice['account']} {staff['name']}</h1>" in page
    of_the_day = Alert.objects.filter(system=loaded.system, account=twice["account"], day=twice["day"])
    assert response.context["alert_total"] == of_the_day.count()
    assert f"此期間的警示（{of_the_day.count()} 則）" in page


def test_timeline_charts_the_accounts_lookups_per_day(designated, urls, clients, alert):
    response = clients["officer"].get(urls["timeline"])
    html = response.content.decode()
    encoded = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', html).group(1)
    svg = base64.b64decode(encoded).decode()
    assert "查閱筆數" in svg and "當日有警示" in svg
    assert svg.count("#d97706") > 1  # the legend swatch and at least the alert's day
    assert 'value="110/07/01"' in html and 'value="110/12/31"' in html  # the range the page shows


def test_timeline_of_an_account_without_lookups_draws_no_chart(designated, loaded, clients):
    url = reverse("accessaudit:user_timeline", args=[loaded.system.code, "NOBODY"])
    response = clients["officer"].get(url, {"date_from": "110/08/01", "date_to": "110/08/31"})
    assert (response.context["total"], response.context["chart"]) == (0, "")
    assert "此期間沒有查閱紀錄。" in response.content.decode()


def test_an_alert_is_named_by_its_kind_and_lists_the_accounts_other_alerts(designated, alert, clients):
    page = clients["officer"].get(alert.get_absolute_url()).content.decode()
    assert f"<h1>警示：{alert.kind_label}</h1>" in page
    others = Alert.objects.filter(system=alert.system, account=alert.account).exclude(pk=alert.pk)
    rows = re.findall(r'<tr><td>([\d/]+)</td><td title="[^"]+">([^<]+)</td>', page)
    assert len(rows) == min(others.count(), 20) > 0
    assert {kind for _day, kind in rows} <= {str(label) for label in KIND_LABELS.values()}
    queue = f"{reverse('accessaudit:alert_list')}?q={alert.account}&amp;system={alert.system.code}"
    assert f'<a href="{queue}" id="all-alerts">' in page
    listed = clients["officer"].get(queue.replace("&amp;", "&")).context["page"]
    assert listed.paginator.count == others.count() + 1


def test_explanation_kinds_and_coverage_read_in_english(designated, alert, clients):
    from django.template.loader import render_to_string
    from django.utils import translation

    entries = [
        {"kind": "案件指派", "doc_no": "A1", "covers": True},
        {"kind": "自訂類別", "doc_no": "", "covers": False},
    ]
    with translation.override("en"):
        html = render_to_string("accessaudit/_explanations.html", {"entries": entries, "total": 2, "show_pair": False})
    assert "<td>Case assignment</td><td>A1</td>" in html
    assert "<td>自訂類別</td><td>—</td>" in html
    assert re.findall(r"<td>(Yes|No)</td>", html) == ["Yes", "No"]


@pytest.mark.parametrize(
    ("role", "expected"), [("officer", 302), ("outsider", 404), ("auditor", 403), ("anonymous", 302)]
)
def test_decide_by_role(designated, alert, clients, role, expected):
    url = reverse("accessaudit:alert_decide", args=[alert.code])
    assert _status(clients, url, role, "post", {"decision": "misuse", "note": "無公務需要"}) == expected


def test_decide_misuse_redirects_to_the_finding(designated, alert, clients):
    response = clients["officer"].post(
        reverse("accessaudit:alert_decide", args=[alert.code]), {"decision": "misuse", "note": "無公務需要"}
    )
    alert.refresh_from_db()
    assert alert.decision == Decision.MISUSE
    assert response["Location"] == alert.finding.get_absolute_url()
    page = clients["officer"].get(reverse("accessaudit:alert_detail", args=[alert.code])).content.decode()
    finding = alert.finding
    month = f"{int(finding.month[:4]) - 1911}年{int(finding.month[5:])}月"
    assert (
        f'<a href="{finding.get_absolute_url()}">{month} {alert.account} {finding.staff_name}</a>' in page
    )  # the finding's month in the ROC calendar, as everywhere else


def test_decide_refused_transition_shows_the_error(designated, alert, clients, cast):
    domain.decide_alert(alert=alert, decision=Decision.JUSTIFIED, note="", actor=cast.officer)
    response = clients["officer"].post(
        reverse("accessaudit:alert_decide", args=[alert.code]), {"decision": "misuse", "note": "x"}
    )
    assert response.status_code == 400


def test_an_alert_has_no_decision_preselected(designated, alert, clients):
    page = clients["officer"].get(alert.get_absolute_url()).content.decode()
    assert '<option value="" selected>請選擇…</option>' in page
    response = clients["officer"].post(reverse("accessaudit:alert_decide", args=[alert.code]), {"note": "看過了"})
    assert response.status_code == 400
    assert response.context["form"].errors == {"decision": ["請選擇審查結果。"]}
    alert.refresh_from_db()
    assert alert.decision == Decision.OPEN


def test_an_alert_links_to_the_accounts_lookups_of_its_day(designated, alert, clients):
    page = clients["officer"].get(alert.get_absolute_url()).content.decode()
    day = f"{alert.day.year - 1911}/{alert.day:%m/%d}"
    link = re.search(r'<a href="([^"]+)" id="day-lookups">此帳號當日的查閱</a>', page).group(1)
    assert link == (
        reverse("accessaudit:user_timeline", args=[alert.system.code, alert.account])
        + f"?date_from={day.replace('/', '%2F')}&amp;date_to={day.replace('/', '%2F')}"
    )
    timeline = clients["officer"].get(link.replace("&amp;", "&"))
    assert (timeline.context["start"], timeline.context["end"]) == (alert.day, alert.day)
    days = {row["ts"].date() for row in timeline.context["lookups"]}
    assert days == {alert.day}


def test_an_alert_on_a_days_volume_names_its_day_not_a_lookup_time(designated, loaded, alert, clients):
    volume = Alert.objects.create(
        system=loaded.system,
        unit=loaded.system.unit,
        rule="volume",
        kind="daily_volume",
        account=alert.account,
        day=dt.date(2021, 8, 3),
        score=3.0,
        reason="當日查閱 94 筆，遠高於本人前 30 日的每日平均 14.5 筆（標準差 10.2）",
    )
    page = clients["officer"].get(volume.get_absolute_url()).content.decode()
    assert "<dt>日期</dt><dd>110年8月3日" in page and "<dt>查閱時間</dt>" not in page
    one_lookup = clients["officer"].get(alert.get_absolute_url()).content.decode()
    assert "<dt>查閱時間</dt>" in one_lookup and "<dt>日期</dt>" not in one_lookup


@pytest.mark.parametrize(
    ("role", "expected"), [("officer", 302), ("outsider", 404), ("auditor", 403), ("anonymous", 302)]
)
def test_log_upload_by_role(designated, system, clients, role, expected):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = (
        "序號,查詢時間,使用者帳號,作業別,當事人統號,查詢事由,終端機,筆數\n1,2021-07-01 09:00:00,U1,查詢,A1,x,t,1\n"
    )
    upload = SimpleUploadedFile("log.csv", content.encode("big5"), content_type="text/csv")
    url = reverse("accessaudit:log_upload", args=[system.code])
    assert _status(clients, url, role, "post", {"file": upload, "encoding": "big5"}) == expected


def test_log_upload_runs_the_import_task_and_shows_progress(designated, system, clients):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = "序號,查詢時間,使用者帳號,作業別,當事人統號,查詢事由,終端機,筆數\n1,2021-07-01 09:00:00,U1,查詢,A1,高市民字第1號,t,1\n"
    upload = SimpleUploadedFile("log.csv", content.encode("big5"), content_type="text/csv")
    response = clients["officer"].post(
        reverse("accessaudit:log_upload", args=[system.code]), {"file": upload, "encoding": "big5"}
    )
    log_import = LogImport.objects.get()
    assert response["Location"] == log_import.get_absolute_url()
    assert log_import.status == "succeeded"
    assert log_import.rows == 1
    partial = clients["officer"].get(reverse("accessaudit:import_progress", args=[log_import.code]))
    assert "hx-get" not in partial.content.decode()
    assert "已匯入 1 筆查閱紀錄。 110年7月</p>" in partial.content.decode()
    assert log_import.months == ["2021-07"]


def test_import_progress_polls_while_running(designated, system, clients, cast, tmp_path):
    log_import = domain.queue_log_import(system=system, path=tmp_path / "x.csv", file_name="x.csv", actor=cast.officer)
    LogImport.objects.filter(pk=log_import.pk).update(status="running", progress=0.42)
    body = clients["officer"].get(reverse("accessaudit:import_progress", args=[log_import.code])).content.decode()
    assert 'hx-trigger="every 1s"' in body
    assert 'value="42"' in body


@pytest.mark.parametrize(
    ("role", "expected"), [("officer", 302), ("outsider", 404), ("auditor", 403), ("anonymous", 302)]
)
def test_run_start_by_role(designated, loaded, clients, role, expected):
    url = reverse("accessaudit:run_start", args=[loaded.system.code])
    assert _status(clients, url, role, "post", {"date_from": "110/07/01", "date_to": "110/07/31"}) == expected


@pytest.mark.parametrize(
    ("role", "expected"), [("officer", 302), ("outsider", 404), ("auditor", 403), ("anonymous", 302)]
)
def test_sample_draw_by_role(designated, loaded, clients, role, expected):
    url = reverse("accessaudit:sample_draw", args=[loaded.system.code])
    assert _status(clients, url, role, "post", {"month": "2021-08", "sources": "20210901\n3 15 22"}) == expected


def test_sample_draw_records_the_sources(designated, loaded, clients):
    clients["officer"].post(
        reverse("accessaudit:sample_draw", args=[loaded.system.code]),
        {"month": "110/08", "sources": "20210901\n22 3 15"},
    )
    draw = SampleDraw.objects.get()
    assert draw.month == "2021-08"
    assert draw.sources == ["20210901", [22, 3, 15]]
    assert draw.key_string == "20210901./3.15.22./"


@pytest.mark.parametrize(
    ("role", "expected"), [("officer", 302), ("outsider", 404), ("auditor", 403), ("anonymous", 302)]
)
def test_source_upload_by_role(designated, system, clients, role, expected):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("rel.csv", "身分證號,親屬身分證號,關係\nA1,B2,配偶\n".encode("big5"))
    url = reverse("accessaudit:source_upload", args=[system.code])
    data = {"kind": "relatives", "file": upload, "encoding": "big5", "mode": "replace"}
    assert _status(clients, url, role, "post", data) == expected


def test_source_upload_error_names_the_line(designated, system, clients):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("rel.csv", "身分證號,親屬身分證號,關係\nA1,B2,配偶\nA1,,子女\n".encode())
    response = clients["officer"].post(
        reverse("accessaudit:source_upload", args=[system.code]),
        {"kind": "relatives", "file": upload, "mode": "merge"},
    )
    assert response.status_code == 400
    assert "第 3 行" in response.content.decode()
    assert not system.sources.exists()


def test_a_months_register_is_merged_into_the_earlier_ones(designated, system, clients):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from probity.audit.models import AuditEvent

    header = "帳號,當事人統號,文號,起日,迄日\n"
    url = reverse("accessaudit:source_upload", args=[system.code])
    october = SimpleUploadedFile("register-10.csv", (header + "U1,A1,D-1,2021-10-01,2021-10-31\n").encode())
    clients["officer"].post(url, {"kind": "explanations", "file": october, "mode": "replace"})
    november = (
        header + "U1,A1,D-1,2021-10-01,2021-10-31\nU2,B2,D-2,2021-11-01,2021-11-30\nU3,C3,D-3,2021-11-02,2021-11-02\n"
    )
    upload = SimpleUploadedFile("register-11.csv", november.encode())
    response = clients["officer"].post(url, {"kind": "explanations", "file": upload, "mode": "merge"}, follow=True)
    page = response.content.decode()
    assert "已將 3 筆合併到案件指派與查詢登記，現有 3 筆。" in page
    assert "案件指派與查詢登記：3 筆" in page
    assert "最近合併 register-11.csv 的 3 筆" in page
    source = system.sources.get(kind="explanations")
    assert (source.rows, source.file_rows, source.merged, source.file_name) == (3, 3, True, "register-11.csv")
    event = AuditEvent.objects.filter(verb="accessaudit.source.import").latest("pk")
    assert {k: event.data[k] for k in ("rows", "total", "merge", "file")} == {
        "rows": 3,
        "total": 3,
        "merge": True,
        "file": "register-11.csv",
    }
    replaced = SimpleUploadedFile("register-12.csv", (header + "U4,D4,D-4,2021-12-01,2021-12-31\n").encode())
    response = clients["officer"].post(url, {"kind": "explanations", "file": replaced, "mode": "replace"}, follow=True)
    assert "已匯入案件指派與查詢登記 1 筆，取代原有資料。" in response.content.decode()
    assert system.sources.get(kind="explanations").rows == 1


def test_an_upload_without_a_mode_is_refused(designated, system, clients):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("rel.csv", "身分證號,親屬身分證號\nA1,B2\n".encode())
    response = clients["officer"].post(
        reverse("accessaudit:source_upload", args=[system.code]), {"kind": "relatives", "file": upload, "mode": "add"}
    )
    assert response.status_code == 400
    assert not system.sources.exists()


def test_sample_draw_refuses_a_month_that_is_no_month(designated, loaded, clients):
    response = clients["officer"].post(
        reverse("accessaudit:sample_draw", args=[loaded.system.code]), {"month": "110/13", "sources": "1"}
    )
    assert SampleDraw.objects.count() == 0
    assert "請輸入民國年月，例如 110/08。" in response.content.decode()


def test_pages_give_months_in_roc_form(designated, urls, clients):
    from probity.accessaudit.models import AccessAuditFinding

    month = AccessAuditFinding.objects.get().month
    roc_month = f"{int(month[:4]) - 1911}年{int(month[5:])}月"
    finding = clients["officer"].get(urls["finding_detail"]).content.decode()
    sample = clients["officer"].get(urls["sample_detail"]).content.decode()
    imported = clients["officer"].get(urls["import_detail"]).content.decode()
    assert roc_month in finding and f"<dd>{month}</dd>" not in finding
    assert "110年8月" in sample and "2021-08" not in sample
    assert "110年7月" in imported and "2021-07" not in imported


def test_system_page_shows_rule_parameters_in_words(designated, urls, clients):
    page = clients["officer"].get(urls["system_detail"]).content.decode()
    assert "<li>查詢事由須為登記有案的文號：是</li>" in page
    assert "True" not in page


def test_import_progress_says_when_the_worker_seems_stopped(designated, system, clients, cast, tmp_path):
    log_import = domain.queue_log_import(system=system, path=tmp_path / "x.csv", file_name="x.csv", actor=cast.officer)
    url = reverse("accessaudit:import_progress", args=[log_import.code])
    note = "背景工作程式可能沒有執行"
    assert note not in clients["officer"].get(url).content.decode()
    LogImport.objects.filter(pk=log_import.pk).update(created_at=timezone.now() - dt.timedelta(seconds=61))
    body = clients["officer"].get(url).content.decode()
    assert note in body
    assert 'hx-trigger="every 1s"' in body


@pytest.mark.parametrize(("role", "expected"), [*READ_ROLES.items(), ("outsider", 200)])
def test_alert_export_by_role(designated, loaded, clients, role, expected):
    assert _status(clients, reverse("accessaudit:alert_export") + "?format=xlsx", role) == expected


def test_alert_export_follows_the_filters_and_the_scope(designated, loaded, clients, cast):
    import csv
    import io

    from openpyxl import load_workbook

    bulk = Alert.objects.filter(rule="bulk")
    decided = bulk.filter(lookup_id__isnull=False).order_by("pk").first()
    domain.decide_alert(alert=decided, decision=Decision.JUSTIFIED, note="奉核定之清冊列印", actor=cast.officer)
    url = reverse("accessaudit:alert_export")
    response = clients["officer"].get(url, {"rule": "bulk", "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.getvalue())).worksheets[0].iter_rows(values_only=True))
    assert rows[0] == (
        "日期",
        "系統",
        "系統帳號",
        "人員姓名",
        "規則",
        "類型",
        "警示原因",
        "查閱序號",
        "查閱時間",
        "分數",
        "審查結果",
        "審查說明",
        "審查人",
    )
    assert len(rows) == 1 + bulk.count()
    row = next(row for row in rows[1:] if row[7] == decided.lookup_id)
    kind = {"print": "大量列印", "export": "大量匯出"}[decided.kind]
    assert (row[2], row[4], row[5], row[6]) == (decided.account, "批次匯出或列印", kind, decided.reason)
    assert row[10:] == ("查有正當事由", "奉核定之清冊列印", str(cast.officer))
    outsider = clients["outsider"].get(url, {"format": "csv"})
    assert len(list(csv.reader(io.StringIO(outsider.getvalue().decode("utf-8-sig"))))) == 1
    assert AuditEvent.objects.filter(verb="accessaudit.logdata.view.alerts_export").count() == 2


def test_the_system_page_lists_each_source_kinds_columns(designated, clients, system):
    page = clients["officer"].get(reverse("accessaudit:system_detail", args=[system.code])).content.decode()
    assert (
        "<td>親屬資料</td><td>身分證號* <code>person_id</code>、親屬身分證號* <code>relative_id</code>、"
        "關係 <code>relation</code>、依據 <code>basis</code></td>"
    ) in page
    assert "<td>假日表</td><td>日期* <code>date</code>、名稱 <code>name</code>、類別* <code>kind</code></td>" in page


def test_an_english_heading_separates_with_a_colon_and_a_space(designated, urls, clients, alert):
    client = clients["officer"]
    client.cookies["django_language"] = "en"
    page = client.get(urls["timeline"]).content.decode()
    assert f"<h1>Lookup timeline: {alert.account}" in page
    findings = client.get(reverse("accessaudit:finding_list")).content.decode()
    assert "<title>Improper lookup findings · " in findings
    client.cookies["django_language"] = "zh-hant"
    assert f"<h1>查閱時序：{alert.account}" in client.get(urls["timeline"]).content.decode()


def test_the_queues_summaries_stand_above_its_first_page_only(designated, loaded, clients):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("accessaudit:alert_list")
    first = clients["officer"].get(url, {"rule": "unexplained"})
    assert first.context["page"].paginator.num_pages > 1
    assert len(first.context["scores"]) == 10
    assert "aa-summaries-first" not in first.content.decode()
    with CaptureQueriesContext(connection) as later_queries:
        later = clients["officer"].get(url, {"rule": "unexplained", "page": 2})
    assert (later.context["scores"], later.context["subjects"]) == ([], [])
    page = later.content.decode()
    assert '<p class="aa-summaries-first"><a href="?rule=unexplained">' in page
    assert "警示分數最高的帳號（依月份）" not in page
    assert not any("SUM(" in query["sql"].upper() for query in later_queries.captured_queries)
