import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from probity.audit.models import AuditEvent

PASSWORD = "correct-horse-battery"


def _login(client, username, password=PASSWORD):
    return client.post("/org/login/", {"username": username, "password": password})


def _token(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


def test_officer_logs_in_without_second_factor(cast):
    client = Client()
    response = _login(client, "officer")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_admin_must_enrol_a_second_factor(cast):
    client = Client()
    assert _login(client, "admin")["Location"] == "/"
    assert client.get("/")["Location"] == "/org/otp/setup/"
    assert client.get("/org/agencies/")["Location"] == "/org/otp/setup/"
    page = client.get("/org/otp/setup/")
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=cast.admin, confirmed=False)
    assert page.context["secret"]
    wrong = client.post("/org/otp/setup/", {"token": "000000" if _token(device) != "000000" else "111111"})
    assert wrong.context["form"].errors["token"] == ["驗證碼不正確或已過期，請再試一次。"]
    device.refresh_from_db()
    throttled = client.post("/org/otp/setup/", {"token": _token(device)})
    assert throttled.context["form"].errors["token"][0].startswith("嘗試次數過多")
    device.throttle_reset()  # the wait after a wrong code, without sleeping in a test
    response = client.post("/org/otp/setup/", {"token": _token(device)})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(verb="org.staff.otp_enrolled", target_code=str(cast.admin.code)).count() == 1


def test_enrolled_admin_must_pass_the_second_factor(cast):
    device = TOTPDevice.objects.create(user=cast.admin, name="phone", confirmed=True)
    client = Client()
    _login(client, "admin")
    assert client.get("/")["Location"] == "/org/otp/verify/"
    assert client.get("/org/otp/setup/")["Location"] == "/org/otp/verify/"
    response = client.post("/org/otp/verify/", {"token": _token(device)})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_letters_are_not_a_token(cast):
    TOTPDevice.objects.create(user=cast.admin, name="phone", confirmed=True)
    client = Client()
    _login(client, "admin")
    response = client.post("/org/otp/verify/", {"token": "abcdef"})
    assert response.context["form"].errors["token"] == ["驗證碼是 6 位數字。"]


def test_repeated_failures_lock_the_account(cast, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, "officer", "wrong-password")
    assert response.status_code == 429
    assert "帳號暫時鎖定" in response.content.decode()
    locked = _login(client, "officer")
    assert locked.status_code == 429
    assert client.get("/").status_code == 302


def test_wrong_password_shows_a_chinese_message(cast):
    response = _login(Client(), "officer", "nope")
    assert response.status_code == 200
    assert "帳號或密碼不正確" in response.content.decode()


def test_password_change_and_logout(cast):
    client = Client()
    _login(client, "officer")
    response = client.post(
        "/org/password/",
        {"old_password": PASSWORD, "new_password1": "another-long-secret", "new_password2": "another-long-secret"},
    )
    assert response["Location"] == "/"
    cast.officer.refresh_from_db()
    assert cast.officer.check_password("another-long-secret")
    assert client.post("/org/logout/").status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("path", ["/org/otp/setup/", "/org/otp/verify/", "/org/password/"])
def test_account_pages_need_login(path):
    assert Client().get(path).status_code == 302


def test_pages_carry_security_headers(clients):
    response = clients["officer"].get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_navigation_follows_the_role(clients):
    def labels(role):
        return [
            str(item["label"])
            for section in clients[role].get("/").context["nav_sections"]
            for item in section["items"]
        ]

    assert "使用者" in labels("admin")
    assert "稽核軌跡" in labels("admin")
    assert "使用者" not in labels("officer")
    assert "稽核軌跡" not in labels("auditor")
    assert "資料匯入" not in labels("auditor")
    assert "資料匯入" in labels("officer")


def test_english_is_served_when_chosen(clients):
    client = clients["officer"]
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/org/agencies/")
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()
    assert "Agencies" in response.content.decode()
