"""The public integrity-platform pages: background, progress, public minutes and notices; nothing unpublished."""

import datetime as dt

from django.test import Client
from django.urls import reverse

from probity.prevention import domain
from tests.prevention.conftest import make_platform


def _platform(cast, **values):
    platform = make_platform(
        cast.agency_a,
        background="重大招商政策",
        progress="完成評選",
        member_bodies="都市發展局\n法務部廉政署",
        **values,
    )
    domain.add_platform_meeting(
        platform, actor=None, held_on=dt.date(2021, 9, 15), title="第1次聯繫會議", minutes="檢視風險"
    )
    domain.add_platform_meeting(
        platform, actor=None, held_on=dt.date(2021, 10, 1), title="內部會議", minutes="不公開內容", is_public=False
    )
    domain.add_platform_notice(
        platform, actor=None, published_on=dt.date(2021, 9, 16), title="成立新聞稿", body="公開資訊"
    )
    return platform


def test_public_platform_page_shows_background_progress_minutes_and_notices(cast):
    platform = _platform(cast, is_public=True)
    response = Client().get(reverse("portal:platform_detail", args=[platform.code]))
    body = response.content.decode()
    assert response.status_code == 200
    for shown in (
        "特貿三都更案廉政平臺",
        "重大招商政策",
        "完成評選",
        "法務部廉政署",
        "第1次聯繫會議",
        "檢視風險",
        "成立新聞稿",
    ):
        assert shown in body, shown
    for hidden in ("內部會議", "不公開內容", cast.unit_a.name):
        assert hidden not in body, hidden


def test_unpublished_platform_is_not_listed_nor_shown(cast):
    platform = _platform(cast, is_public=False)
    assert "特貿三" not in Client().get(reverse("portal:platform_list")).content.decode()
    assert Client().get(reverse("portal:platform_detail", args=[platform.code])).status_code == 404


def test_platform_list_needs_no_login(cast):
    _platform(cast, is_public=True)
    response = Client().get(reverse("portal:platform_list"))
    assert response.status_code == 200
    assert "特貿三都更案廉政平臺" in response.content.decode()
