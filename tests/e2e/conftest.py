"""Browser tests: a real server process on its own database, driven by Debian's Chromium.

The server runs ``manage.py runserver`` on a fresh SQLite file (migrated, with the demo
organisation and users), so the browser sees exactly what a user would. ``e2e.manage()``
runs management commands against the same database to arrange data.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@dataclass
class E2EServer:
    url: str
    env: dict
    data_dir: Path

    def manage(self, *args: str, input: str | None = None) -> str:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            input=input,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def login_of(self, username: str) -> str:
        for line in (self.data_dir / "demo-logins.txt").read_text(encoding="utf-8").splitlines():
            name, _, password = line.partition(" ")
            if name == username:
                return password
        raise KeyError(username)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def e2e():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
    data_dir = Path(tempfile.mkdtemp(prefix="probity-e2e-"))
    env = {
        **os.environ,
        "PROBITY_ENV": "development",
        "DEBUG": "false",
        "PROBITY_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'e2e.sqlite3'}",
        "PROBITY_TASK_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "AXES_FAILURE_LIMIT": "50",
    }
    port = _free_port()
    server = E2EServer(url=f"http://127.0.0.1:{port}", env=env, data_dir=data_dir)
    server.manage("migrate", "--noinput")
    server.manage("load_demo", "--only", "org")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{server.url}/healthz", timeout=2)  # noqa: S310  (local test server)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("the e2e server did not start") from None
                time.sleep(0.3)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-TW", timezone_id="Asia/Taipei", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def totp_now(secret_base32: str, used_file: Path | None = None) -> str:
    """The current code; a code is accepted only once, so wait for the next 30 s step if this one was used."""
    import base64

    from django_otp.oath import TOTP

    padded = secret_base32 + "=" * (-len(secret_base32) % 8)
    totp = TOTP(base64.b32decode(padded))
    if used_file is not None and used_file.exists() and int(used_file.read_text()) >= totp.t():
        time.sleep(30 - time.time() % 30 + 0.5)
        totp = TOTP(base64.b32decode(padded))
    if used_file is not None:
        used_file.write_text(str(totp.t()))
    return f"{totp.token():06d}"


def log_in(page, e2e, username: str) -> None:
    """Log in through the real form; for the central administrator enrol or pass TOTP too."""
    page.goto(f"{e2e.url}/org/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", e2e.login_of(username))
    page.click("button[type=submit]")
    if "/org/otp/setup/" in page.url:
        secret = page.inner_text("#totp-secret").strip()
        (e2e.data_dir / f"totp-{username}.txt").write_text(secret, encoding="utf-8")
        page.fill("#id_token", totp_now(secret, e2e.data_dir / f"totp-{username}.step"))
        page.click("main button[type=submit]")
    elif "/org/otp/verify/" in page.url:
        secret = (e2e.data_dir / f"totp-{username}.txt").read_text(encoding="utf-8")
        page.fill("#id_token", totp_now(secret, e2e.data_dir / f"totp-{username}.step"))
        page.click("main button[type=submit]")
    # The landing page's deferred scripts (the language switch, tick-all boxes) must be running before a
    # test acts on it; a click returns once the navigation has committed, which can be earlier.
    page.wait_for_load_state("load")
