import pytest
from django.urls import reverse

from probity.audit.models import AuditEvent
from probity.org.models import Agency, EthicsUnit, User


def _url(name, obj=None):
    return reverse(name, args=[obj.code]) if obj is not None else reverse(name)


LOGIN = "/org/login/"


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("officer", 200), ("outsider", 200), ("auditor", 200), ("anonymous", 302)]
)
def test_agency_list_for_each_role(clients, role, status):
    response = clients[role].get(_url("org:agency_list"))
    assert response.status_code == status


def test_agency_list_shows_only_the_scope(clients, cast):
    names = lambda role: [a.name for a in clients[role].get(_url("org:agency_list")).context["page"]]  # noqa: E731
    assert names("admin") == ["高雄市政府", "甲局", "甲局所屬機關", "乙局"]
    assert names("auditor") == ["高雄市政府", "甲局", "甲局所屬機關", "乙局"]
    assert names("officer") == ["甲局", "甲局所屬機關"]
    assert names("outsider") == ["乙局"]


def test_agency_list_searches_and_filters(clients):
    page = clients["admin"].get(_url("org:agency_list"), {"q": "乙"}).context["page"]
    assert [a.name for a in page] == ["乙局"]
    page = clients["admin"].get(_url("org:agency_list"), {"kind": "subordinate"}).context["page"]
    assert [a.name for a in page] == ["甲局所屬機關"]


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("officer", 200), ("outsider", 404), ("auditor", 200), ("anonymous", 302)]
)
def test_agency_detail_for_each_role(clients, cast, role, status):
    assert clients[role].get(_url("org:agency_detail", cast.agency_a)).status_code == status


def test_agency_detail_of_unknown_code_is_404(clients):
    assert clients["admin"].get("/org/agencies/00000000-0000-0000-0000-000000000000/").status_code == 404


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("officer", 403), ("outsider", 403), ("auditor", 403), ("anonymous", 302)]
)
def test_agency_create_page_for_each_role(clients, role, status):
    assert clients[role].get(_url("org:agency_create")).status_code == status


def test_admin_creates_agency_under_parent(clients, cast):
    response = clients["admin"].post(
        _url("org:agency_create"),
        {
            "key": "agency-c",
            "name": "丙局",
            "short_name": "丙局",
            "kind": "bureau",
            "parent": cast.city.pk,
            "sort_order": 3,
            "is_active": "on",
        },
    )
    agency = Agency.objects.get(key="agency-c")
    assert response.status_code == 302
    assert agency.path == f"{cast.city.path}{agency.pk:08d}/"
    assert agency.depth == 1
    assert AuditEvent.objects.filter(verb="org.agency.created", target_code=str(agency.code)).count() == 1


def test_admin_moves_agency_and_its_subtree(clients, cast):
    response = clients["admin"].post(
        _url("org:agency_edit", cast.agency_a),
        {
            "key": "agency-a",
            "name": "甲局",
            "short_name": "甲局",
            "kind": "bureau",
            "parent": cast.agency_b.pk,
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    cast.agency_a1.refresh_from_db()
    assert cast.agency_a1.path == f"{cast.agency_b.path}{cast.agency_a.pk:08d}/{cast.agency_a1.pk:08d}/"
    assert cast.agency_a1.depth == 3


def test_agency_cannot_move_under_its_descendant(clients, cast):
    response = clients["admin"].post(
        _url("org:agency_edit", cast.agency_a),
        {
            "key": "agency-a",
            "name": "甲局",
            "short_name": "甲局",
            "kind": "bureau",
            "parent": cast.agency_a1.pk,
            "sort_order": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == ["不能把機關移到自己或下級機關之下。"]
    cast.agency_a.refresh_from_db()
    assert cast.agency_a.parent_id == cast.city.pk


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("officer", 403), ("outsider", 403), ("auditor", 403), ("anonymous", 302)]
)
def test_agency_edit_page_for_each_role(clients, cast, role, status):
    assert clients[role].get(_url("org:agency_edit", cast.agency_a)).status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("officer", 200), ("outsider", 200), ("auditor", 200), ("anonymous", 302)]
)
def test_unit_list_for_each_role(clients, role, status):
    assert clients[role].get(_url("org:unit_list")).status_code == status


def test_unit_list_shows_the_subtree(clients):
    names = lambda role: [u.name for u in clients[role].get(_url("org:unit_list")).context["page"]]  # noqa: E731
    assert names("admin") == ["政風處", "甲局政風室", "甲局所屬機關兼辦", "乙局政風室"]
    assert names("officer") == ["甲局政風室", "甲局所屬機關兼辦"]
    assert names("outsider") == ["乙局政風室"]


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("officer", 200), ("outsider", 404), ("auditor", 200), ("anonymous", 302)]
)
def test_unit_detail_for_each_role(clients, cast, role, status):
    assert clients[role].get(_url("org:unit_detail", cast.unit_a1)).status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("officer", 403), ("outsider", 403), ("auditor", 403), ("anonymous", 302)]
)
def test_unit_create_and_edit_pages_for_each_role(clients, cast, role, status):
    assert clients[role].get(_url("org:unit_create")).status_code == status
    assert clients[role].get(_url("org:unit_edit", cast.unit_a)).status_code == status


def test_admin_creates_unit_serving_agencies(clients, cast):
    response = clients["admin"].post(
        _url("org:unit_create"),
        {
            "name": "丙局政風室",
            "kind": "office",
            "parent": cast.department.pk,
            "agencies": [cast.agency_b.pk],
            "sort_order": 0,
            "is_active": "on",
        },
    )
    unit = EthicsUnit.objects.get(name="丙局政風室")
    assert response.status_code == 302
    assert list(unit.agencies.values_list("key", flat=True)) == ["agency-b"]
    assert unit.depth == 1


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("officer", 403), ("outsider", 403), ("auditor", 403), ("anonymous", 302)]
)
def test_staff_pages_for_each_role(clients, cast, role, status):
    assert clients[role].get(_url("org:staff_list")).status_code == status
    assert clients[role].get(_url("org:staff_create")).status_code == status
    assert clients[role].get(_url("org:staff_edit", cast.officer)).status_code == status


def test_admin_creates_officer_with_argon2_password(clients, cast, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    response = clients["admin"].post(
        _url("org:staff_create"),
        {
            "username": "newbie",
            "full_name": "新人",
            "role": "unit_officer",
            "unit": cast.unit_b.pk,
            "password": "a-long-enough-secret",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.password.startswith("argon2")
    assert user.unit == cast.unit_b


def test_unit_officer_needs_a_unit(clients):
    response = clients["admin"].post(
        _url("org:staff_create"),
        {"username": "nounit", "role": "unit_officer", "password": "a-long-enough-secret", "is_active": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["unit"] == ["政風人員必須指定所屬政風機構。"]


def test_staff_list_has_constant_queries(clients, cast, django_assert_max_num_queries):
    from tests.factories import make_user

    client = clients["admin"]
    client.get(_url("org:staff_list"))
    with django_assert_max_num_queries(12) as first:
        client.get(_url("org:staff_list"))
    for _ in range(5):
        make_user(unit=cast.unit_b)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(_url("org:staff_list"))


def test_agency_list_has_constant_queries(clients, cast, django_assert_max_num_queries):
    from tests.factories import make_agency

    client = clients["admin"]
    with django_assert_max_num_queries(20) as first:
        client.get(_url("org:agency_list"))
    for _ in range(5):
        make_agency(parent=cast.city)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(_url("org:agency_list"))


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("officer", 403), ("outsider", 403), ("auditor", 403), ("anonymous", 302)]
)
def test_audit_page_for_each_role(clients, role, status):
    assert clients[role].get(reverse("audit:event_list")).status_code == status


def test_audit_page_searches(clients, cast):
    page = clients["admin"].get(reverse("audit:event_list"), {"q": "org.unit.created"}).context["page"]
    assert len(page) == 4
    assert {event.verb for event in page} == {"org.unit.created"}


def test_anonymous_is_sent_to_login(clients):
    response = clients["anonymous"].get(_url("org:agency_list"))
    assert response["Location"] == f"{LOGIN}?next=/org/agencies/"


def test_staff_list_sorts_by_role_in_the_roles_order(clients, cast):
    shown = [member.role for member in clients["admin"].get(_url("org:staff_list"), {"sort": "role"}).context["page"]]
    assert shown == sorted(shown, key=["central_admin", "unit_officer", "auditor"].index)
    assert set(shown) == {"central_admin", "unit_officer", "auditor"}
    by_name = clients["admin"].get(_url("org:staff_list"), {"sort": "-username"}).context["page"]
    assert [member.username for member in by_name] == sorted(User.objects.values_list("username", flat=True))[::-1]
