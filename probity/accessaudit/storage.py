"""Where the access-log store and source tables live under the data directory."""

from pathlib import Path

from django.conf import settings


def root() -> Path:
    path = Path(settings.DATA_DIR) / "accesslogs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def source_path(system_key: str, kind: str) -> Path:
    return root() / "sources" / system_key / f"{kind}.parquet"


def upload_dir() -> Path:
    path = root() / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def memory_limit() -> str:
    return getattr(settings, "PROBITY_ACCESSLOG_MEMORY", "4GB")


def retention_months() -> int:
    """How many months of lookups to keep (5 years by default, as the corrections rule keeps spot checks)."""
    return int(getattr(settings, "PROBITY_ACCESSLOG_RETENTION_MONTHS", 60))
