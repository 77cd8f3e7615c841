"""A recorded sample re-run against the store, in the app and from the command line; its pool file."""

import datetime as dt
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from probity.accessaudit import domain
from probity.audit.models import AuditEvent


@pytest.fixture
def draw(designated, loaded, cast):
    return domain.draw_month_sample(
        system=loaded.system, month="2021-08", sources=["20210901", [22, 3, 15]], actor=cast.officer
    )


def _verify(client, draw):
    return client.get(reverse("accessaudit:sample_verify", args=[draw.code]))


def _pool(client, draw):
    return client.get(reverse("accessaudit:sample_pool", args=[draw.code]))


@pytest.mark.parametrize(
    ("role", "expected"), [("officer", 200), ("admin", 200), ("outsider", 404), ("auditor", 403), ("anonymous", 302)]
)
def test_verifying_and_downloading_the_pool_by_role(draw, clients, role, expected):
    assert _verify(clients[role], draw).status_code == expected
    assert _pool(clients[role], draw).status_code == expected


def test_an_untouched_draw_is_reported_as_matching(draw, clients):
    response = _verify(clients["officer"], draw)
    assert response.context["verdict"].problems == []
    pool = f"{draw.pool_size:,}"
    page = response.content.decode()
    assert f"相符：母體 {pool} 筆的雜湊與抽籤時相同，重新抽出的 {draw.size} 筆查閱與紀錄一致。" in page
    assert "<code>20210901</code>、<code>22 3 15</code>" in page  # the sources as they were announced


def test_the_pool_file_hashes_to_the_recorded_digest(draw, clients):
    response = _pool(clients["officer"], draw)
    assert response["Content-Disposition"] == 'attachment; filename="pool-hr-2021-08.txt"'
    assert hashlib.sha256(response.content).hexdigest() == draw.pool_digest
    assert len(response.content.splitlines()) == draw.pool_size


def test_a_record_that_no_longer_matches_is_reported(draw, clients):
    recorded = draw.drawn[0]["lookup_id"]
    draw.drawn[0]["lookup_id"] = recorded + 1
    draw.save()
    response = _verify(clients["officer"], draw)
    page = response.content.decode()
    assert "不符：這次抽籤無法由目前的紀錄檔重現。" in page
    assert f"第 1 筆：抽籤紀錄為查閱序號 {recorded + 1}，重算為 {recorded}。" in page


def test_a_purged_store_cannot_be_verified(draw, clients, cast):
    domain.purge_expired_logs(today=dt.date(2030, 1, 1), actor=cast.admin)
    page = _verify(clients["officer"], draw).content.decode()
    assert "此系統的紀錄檔已不在資料目錄中（可能已逾保存期限刪除），無法重算。" in page
    assert _pool(clients["officer"], draw).status_code == 404


def test_verifying_and_downloading_are_audited_as_views_of_log_data(draw, clients):
    _verify(clients["officer"], draw)
    _pool(clients["officer"], draw)
    verbs = AuditEvent.objects.filter(target_code=str(draw.code), verb__startswith="accessaudit.logdata")
    assert list(verbs.order_by("id").values_list("verb", flat=True)) == [
        "accessaudit.logdata.view.sample_verify",
        "accessaudit.logdata.view.sample_pool",
    ]


def test_the_command_says_whether_a_sample_matches(draw):
    out = io.StringIO()
    call_command("verify_access_sample", str(draw.code), stdout=out)
    assert out.getvalue() == f"相符：hr 2021-08，母體 {draw.pool_size} 筆，抽出 {draw.size} 筆\n"
    draw.drawn[0]["lookup_id"] += 1
    draw.save()
    out = io.StringIO()
    with pytest.raises(CommandError, match="抽查與重算的結果不符"):
        call_command("verify_access_sample", str(draw.code), stdout=out)
    assert out.getvalue().startswith("不符：\n  - 第 1 筆：")
    with pytest.raises(CommandError, match="沒有代碼為 nonsense 的抽查"):
        call_command("verify_access_sample", "nonsense")
