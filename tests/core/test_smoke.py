import pytest


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("officer", 200), ("outsider", 200), ("auditor", 200), ("anonymous", 302)]
)
def test_dashboard_for_each_role(clients, role, status):
    response = clients[role].get("/")
    assert response.status_code == status
