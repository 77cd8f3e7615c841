"""Background work: log imports and audit runs (django-tasks; `manage.py db_worker` runs them)."""

from django.contrib.auth import get_user_model
from django_tasks import task

from probity.accessaudit import domain
from probity.accessaudit.models import AuditRun, LogImport


def _actor(actor_id):
    return get_user_model().objects.filter(pk=actor_id).first() if actor_id else None


@task()
def import_log(import_id: int, actor_id: int | None = None) -> str:
    log_import = LogImport.objects.select_related("system").get(pk=import_id)
    return domain.perform_log_import(log_import, actor=_actor(actor_id)).status


@task()
def run_audit(run_id: int, actor_id: int | None = None) -> str:
    run = AuditRun.objects.select_related("system").get(pk=run_id)
    return domain.perform_audit_run(run, actor=_actor(actor_id)).status
