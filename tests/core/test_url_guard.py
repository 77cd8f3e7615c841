"""No view is open by accident: every URL outside the public ones sends a visitor who is not logged in to the
login page, for a read and for a write, and reaches no data. The public URLs are named here, so that a new
view is either guarded or added to the list on purpose."""

import uuid

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLResolver, get_resolver, reverse

# The public portal (complaints, disclosures, draws, reports), the login itself, the language switch and
# the health check.
PUBLIC_NAMESPACES = ("portal:",)
PUBLIC = {"org:login", "org:logout", "set_language", "healthz"}
ARGUMENTS = {"uuid": uuid.UUID(int=1), "int": 1, "slug": "x", "string": "x", "path": "x"}


def _named_urls(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_urls(pattern, inner)
        elif pattern.name:
            converters = pattern.pattern.converters
            kwargs = {name: ARGUMENTS[_converter_name(converter)] for name, converter in converters.items()}
            yield f"{namespace}{pattern.name}", kwargs


def _converter_name(converter) -> str:
    return type(converter).__name__.removesuffix("Converter").lower()


GUARDED = sorted(
    (name, kwargs) for name, kwargs in _named_urls() if name not in PUBLIC and not name.startswith(PUBLIC_NAMESPACES)
)


def test_the_public_urls_named_here_exist():
    names = {name for name, _kwargs in _named_urls()}
    assert PUBLIC - names == set()
    assert len([name for name in names if name.startswith(PUBLIC_NAMESPACES)]) == 20


def test_the_guard_covers_every_app():
    apps = {name.split(":")[0] for name, _kwargs in GUARDED}
    assert apps == {
        "accessaudit",
        "activities",
        "audit",
        "complaints",
        "conflicts",
        "core",
        "declarations",
        "org",
        "prevention",
        "reports",
    }
    assert len(GUARDED) == 217


@pytest.mark.parametrize(("name", "kwargs"), GUARDED, ids=[name for name, _kwargs in GUARDED])
def test_a_visitor_not_logged_in_is_sent_to_the_login_page(client, db, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    outcomes = {method: _outcome(getattr(client, method)(url)) for method in ("get", "post")}
    login = (302, resolve_url(settings.LOGIN_URL))
    # A view that takes only the other method refuses before anything else (405); one of the two is taken.
    assert set(outcomes.values()) <= {login, (405, "")}
    assert login in outcomes.values()


def _outcome(response) -> tuple[int, str]:
    return response.status_code, response.headers.get("Location", "").split("?")[0]
