import pytest


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("officer", 200), ("outsider", 200), ("auditor", 200), ("anonymous", 302)]
)
def test_dashboard_for_each_role(clients, role, status):
    response = clients[role].get("/")
    assert response.status_code == status


def test_dashboard_shows_a_chosen_past_half_year(clients):
    response = clients["officer"].get("/", {"period": "110H2"})
    assert response.context["period"].code == "110H2"
    assert response.context["is_current"] is False


@pytest.mark.parametrize("value", ["999H1", "nonsense", ""])
def test_dashboard_falls_back_to_the_current_half_year(clients, value):
    from probity.core.roc import Period

    response = clients["officer"].get("/", {"period": value})
    assert response.context["period"] == Period.current()
    assert response.context["is_current"] is True


def test_every_page_names_the_bundled_icon(clients):
    from django.contrib.staticfiles import finders

    page = clients["anonymous"].get("/org/login/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page
    assert finders.find("img/favicon.svg").endswith("static/img/favicon.svg")
