"""The set-up checks: each finds what it names and passes otherwise; the page and the command."""

import datetime as dt
from collections import namedtuple

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from probity.core import selfchecks
from probity.org.enums import UnitKind
from tests.factories import make_agency, make_unit

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _findings(key: str) -> list[tuple[str, str]]:
    outcome = next(o for o in selfchecks.run_selfchecks() if o.check.key == key)
    return [(finding.level, finding.message) for finding in outcome.findings]


def test_a_queue_no_worker_takes_up_is_an_error(cast, settings):
    from django_tasks_db.models import DBTaskResult

    from probity.core.models import ImportRun
    from probity.core.tasks import import_spreadsheet

    settings.TASKS = DATABASE_TASKS
    run = ImportRun.objects.create(record_type="x", file_name="x.xlsx", file_sha256="0" * 64, actor=cast.officer)
    import_spreadsheet.using(backend="default").enqueue(run.pk)
    assert _findings("core.worker") == []  # queued just now: the worker may not have polled yet
    since = timezone.now() - dt.timedelta(minutes=11)
    DBTaskResult.objects.update(enqueued_at=since)
    since_text = f"{since.astimezone(dt.timezone(dt.timedelta(hours=8))):%H:%M}"
    ((level, message),) = _findings("core.worker")
    assert level == "error"
    assert message.startswith("有 1 項背景工作排隊超過 10 分鐘未執行（最早一項自 ")
    assert since_text in message and message.endswith("請確認 manage.py db_worker 正在執行。")


def test_the_worker_check_passes_with_the_immediate_backend(cast):
    assert _findings("core.worker") == []


def test_mail_written_only_to_the_log_is_a_warning_outside_development(db, settings):
    settings.DEBUG = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert _findings("core.email") == [("warning", "未設定 EMAIL_HOST：期限提醒信件只寫入伺服器紀錄，不會寄出。")]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    assert _findings("core.email") == []


@pytest.mark.parametrize(("free_gb", "expected"), [(20, []), (3, ["warning"]), (0.5, ["error"])])
def test_little_disk_space_is_a_warning_then_an_error(db, monkeypatch, free_gb, expected):
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(selfchecks.shutil, "disk_usage", lambda path: usage(0, 0, int(free_gb * 1024**3)))
    found = _findings("core.disk")
    assert [level for level, _message in found] == expected
    if found:
        assert f"只剩 {free_gb:.1f} GB 可用空間" in found[0][1]


def test_an_agency_no_unit_serves_is_an_error(cast):
    assert _findings("org.agency_units") == []
    make_agency(key="orphan", name="孤立機關")  # a second root: no unit serves it or anything above it
    assert _findings("org.agency_units") == [
        ("error", "1 個機關沒有政風機構服務（本身及上級機關都未連結現存的政風機構）：孤立機關")
    ]


def test_a_unit_no_officer_reaches_is_a_warning(cast):
    assert _findings("org.unit_officers") == []  # unit A1 is reached through unit A's officer too
    make_unit(parent=cast.department, name="丙局政風室", kind=UnitKind.OFFICE)
    cast.outsider.is_active = False
    cast.outsider.save()
    assert _findings("org.unit_officers") == [
        ("warning", "2 個政風機構本身及上級都沒有在職的政風人員帳號，只有政風處看得到其紀錄：乙局政風室、丙局政風室")
    ]


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("officer", 403), ("outsider", 403), ("auditor", 403), ("anonymous", 302)]
)
def test_the_page_is_for_central_administrators(clients, role, status):
    assert clients[role].get(reverse("core:selfchecks")).status_code == status


def test_the_page_lists_errors_first_with_their_links(clients, cast):
    make_agency(key="orphan", name="孤立機關")
    response = clients["admin"].get(reverse("core:selfchecks"))
    outcomes = response.context["outcomes"]
    assert [o.check.key for o in outcomes][:1] == ["org.agency_units"]
    assert {o.level for o in outcomes[1:]} <= {"warning", "ok"}
    page = response.content.decode()
    assert "有 1 項檢查發現必須處理的問題。" in page
    assert f'<a href="{reverse("org:agency_list")}">1 個機關沒有政風機構服務' in page


def test_the_command_prints_every_check_and_fails_on_an_error(cast, capsys):
    call_command("self_check")
    printed = capsys.readouterr().out
    assert "[正常] 每個機關都有政風機構服務" in printed
    make_agency(key="orphan", name="孤立機關")
    with pytest.raises(CommandError, match="^有 1 項檢查發現必須處理的問題。$"):
        call_command("self_check")
    assert "[須處理] 每個機關都有政風機構服務\n    1 個機關沒有政風機構服務" in capsys.readouterr().out


def test_the_page_reads_in_english(clients):
    client = clients["admin"]
    client.cookies["django_language"] = "en"
    page = client.get(reverse("core:selfchecks")).content.decode()
    assert "<h1>Set-up checks</h1>" in page
    assert "Every agency is served by an ethics unit" in page


def test_a_cache_that_does_not_answer_is_an_error(db, silent_cache):
    [(level, message)] = _findings("core.cache")
    assert level == "error"
    assert message.startswith("快取沒有回應（") and "127.0.0.1:1" in message  # the wording is redis-py's
    assert message.endswith("公開檢舉頁面暫停流量限制，檢舉照常受理。請檢查 REDIS_URL 所指的 Redis。")


def test_a_cache_in_each_process_is_a_warning_outside_development(db, settings):
    settings.DEBUG = False
    assert _findings("core.cache") == [
        (
            "warning",
            "未設定 REDIS_URL：公開檢舉頁面的流量限制只記在各網頁程序自己的記憶體，有幾個網頁程序，限制就放寬幾倍。",
        )
    ]
    settings.DEBUG = True
    assert _findings("core.cache") == []


def test_a_shared_cache_that_answers_passes(db, redis_cache, settings):
    settings.DEBUG = False
    assert _findings("core.cache") == []
