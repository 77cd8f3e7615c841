"""The permission cast every view is tested against.

- ``admin``: central administrator in the 政風處 (sees and manages everything; passed the second factor)
- ``officer``: officer of unit A (政風室 serving agency A, with a subordinate unit A1 serving agency A1)
- ``outsider``: officer of unit B, unrelated to A: must get 404 for anything of A
- ``auditor``: read-only, sees everything
- ``anonymous``: redirected to the login page
"""

import uuid
from dataclasses import dataclass

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from probity.org.enums import AgencyKind, Role, UnitKind
from tests.factories import make_agency, make_unit, make_user


@pytest.fixture(autouse=True)
def _language_of_the_site():
    """Each test starts in the site's language: a request in English leaves English active in its thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@dataclass
class Cast:
    city: object
    department: object
    agency_a: object
    agency_a1: object
    agency_b: object
    unit_a: object
    unit_a1: object
    unit_b: object
    admin: object
    officer: object
    officer_a1: object
    outsider: object
    auditor: object


@pytest.fixture
def cast(db) -> Cast:
    city = make_agency(key="kcg", name="高雄市政府", kind=AgencyKind.CITY)
    agency_a = make_agency(parent=city, key="agency-a", name="甲局")
    agency_a1 = make_agency(parent=agency_a, key="agency-a1", name="甲局所屬機關", kind=AgencyKind.SUBORDINATE)
    agency_b = make_agency(parent=city, key="agency-b", name="乙局")
    department = make_unit(name="政風處", kind=UnitKind.DEPARTMENT, agencies=[city])
    unit_a = make_unit(parent=department, name="甲局政風室", agencies=[agency_a])
    unit_a1 = make_unit(parent=unit_a, name="甲局所屬機關兼辦", kind=UnitKind.PART_TIME, agencies=[agency_a1])
    unit_b = make_unit(parent=department, name="乙局政風室", agencies=[agency_b])
    return Cast(
        city=city,
        department=department,
        agency_a=agency_a,
        agency_a1=agency_a1,
        agency_b=agency_b,
        unit_a=unit_a,
        unit_a1=unit_a1,
        unit_b=unit_b,
        admin=make_user(username="admin", role=Role.CENTRAL_ADMIN, unit=department),
        officer=make_user(username="officer", unit=unit_a),
        officer_a1=make_user(username="officer_a1", unit=unit_a1),
        outsider=make_user(username="outsider", unit=unit_b),
        auditor=make_user(username="auditor", role=Role.AUDITOR, unit=department),
    )


def login(client: Client, user) -> Client:
    """Log in without the login form; central administrators are marked as past the second factor."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if user.requires_second_factor:
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
            user=user, name="test", confirmed=True
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def clients(cast) -> dict[str, Client]:
    """One logged-in client per role of the cast, and an anonymous one."""
    return {
        "admin": login(Client(), cast.admin),
        "officer": login(Client(), cast.officer),
        "outsider": login(Client(), cast.outsider),
        "auditor": login(Client(), cast.auditor),
        "anonymous": Client(),
    }


def pytest_collection_modifyitems(config, items):
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL")
        for item in items:
            if "postgresql" in item.keywords:
                item.add_marker(skip)


REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_cache(settings):
    """The cache on a real Redis (CI runs one on 6379), under a key prefix of this test alone.

    Nothing is flushed afterwards (a flush would empty the database under the other workers' tests); the
    keys expire with their windows."""
    try:
        redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.REDIS_URL = REDIS_TEST_URL
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_TEST_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    return caches["default"]


@pytest.fixture
def silent_cache(settings):
    """A Redis cache nobody answers at: every call raises, as when the Redis server is down."""
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": settings.REDIS_URL}
    }
