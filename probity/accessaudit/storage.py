"""Where the access-log store and source tables live under the data directory."""

from pathlib import Path

from django.conf import settings

from probity.analytics.ingest import store_lock


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


def reading(system_key: str, *, timeout: float | None = 0):
    """Hold a system's store still while it is read. A page does not wait (``StoreBusyError`` at once) while a
    rekey or the retention purge rewrites the store; a background run waits ``run_lock_wait()`` seconds."""
    return store_lock(root(), system_key, timeout=timeout)


def run_lock_wait() -> float:
    """How long a rule run waits for a rekey or purge of its system to end before it gives up."""
    return float(settings.PROBITY_ACCESSLOG_LOCK_WAIT)
