import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _settings_with(env: dict) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("PROBITY_", "DATABASE_URL", "SECRET_KEY", "DEBUG"))
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "probity.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "maybe"}, "Unexpected value DEBUG='maybe'"),
        ({"PROBITY_ENV": "staging"}, "PROBITY_ENV must be development, production or test"),
        ({"PROBITY_ENV": "production"}, "SECRET_KEY is required"),
        ({"PROBITY_ENV": "production", "SECRET_KEY": "x" * 50}, "PROBITY_IDENTITY_KEYS is required"),
        ({"PROBITY_IDENTITY_KEYS": "not-a-key"}, "not a valid Fernet key"),
        (
            {"PROBITY_ENV": "production", "SECRET_KEY": "x" * 50, "PROBITY_IDENTITY_KEYS": "3" * 43 + "="},
            "PROBITY_FILING_PROOF_KEY is required",
        ),
        ({"PROBITY_FILING_PROOF_KEY": "short"}, "PROBITY_FILING_PROOF_KEY holds a key that is not 32 bytes"),
        ({"PROBITY_FILING_PROOF_OLD_KEYS": "A" * 43 + "=,short"}, "PROBITY_FILING_PROOF_OLD_KEYS holds a key"),
        ({"DATABASE_URL": "mysql://localhost/db"}, "must point at SQLite or PostgreSQL"),
        ({"AXES_FAILURE_LIMIT": "five"}, "Unexpected value AXES_FAILURE_LIMIT='five'"),
    ],
)
def test_bad_settings_fail_loudly(tmp_path, env, message):
    result = _settings_with({"PROBITY_DATA_DIR": str(tmp_path), **env})
    assert result.returncode != 0
    assert message in result.stderr


def test_development_defaults_to_sqlite_and_generates_secrets_once(tmp_path):
    first = _settings_with({"PROBITY_DATA_DIR": str(tmp_path)})
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "probity.core.sqlite"
    key = (tmp_path / "secret_key").read_text()
    assert _settings_with({"PROBITY_DATA_DIR": str(tmp_path)}).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key
    assert oct((tmp_path / "identity_key").stat().st_mode & 0o777) == "0o600"


def test_production_with_everything_given_starts(tmp_path):
    from cryptography.fernet import Fernet

    result = _settings_with(
        {
            "PROBITY_DATA_DIR": str(tmp_path),
            "PROBITY_ENV": "production",
            "SECRET_KEY": "s" * 50,
            "PROBITY_IDENTITY_KEYS": f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}",
            "PROBITY_FILING_PROOF_KEY": "A" * 43 + "=",
            "ALLOWED_HOSTS": "probity.example.gov.tw",
            "DATABASE_URL": "postgres://u@db/probity",
        }
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"
    assert not (tmp_path / "secret_key").exists()


def test_chinese_pages_group_thousands_with_commas():
    from django.template import Context, Template
    from django.utils import translation

    template = Template("{% load humanize %}{{ amount|intcomma }} {{ count|intcomma }}")
    with translation.override("zh-hant"):
        assert template.render(Context({"amount": 12345678, "count": 106129})) == "12,345,678 106,129"
