import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection

from probity.complaints import domain, vault
from probity.complaints.enums import Category, Channel

IDENTITY = vault.Identity(
    name="測試檢舉人甲",
    id_number="Q198765432",
    phone="0912-345-678",
    address="高雄市苓雅區測試路99號",
    email="whistle@example.invalid",
)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def make_complaint(cast, *, actor=None, agency=None, identity=None, received_on=dt.date(2021, 8, 2), **values):
    return domain.receive_complaint(
        actor=actor or cast.officer,
        agency=agency or cast.agency_a,
        channel=values.pop("channel", Channel.LETTER),
        received_on=received_on,
        is_anonymous=identity is None,
        categories=values.pop("categories", [Category.PROCUREMENT]),
        summary=values.pop("summary", "甲局辦理採購涉有綁標情事"),
        narrative=values.pop("narrative", "檢舉內容略以：甲局辦理採購涉有綁標情事。"),
        identity=identity,
        **values,
    )


@pytest.fixture
def complaint(cast):
    """A named complaint of unit A, handled by the cast's officer."""
    case = make_complaint(cast, identity=IDENTITY)
    domain.assign_handler(case, actor=cast.officer, handler=cast.officer)
    return case


def database_text() -> str:
    """Every row of every table, as the database holds it."""
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump())
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608  (table names from introspection)
            chunks.append(repr(cursor.fetchall()))
    return "\n".join(chunks)
