"""Background work of the core: spreadsheet imports (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task

from probity.core import imports
from probity.core.models import ImportRun


@task()
def import_spreadsheet(run_id: int) -> str:
    return imports.perform_queued_import(ImportRun.objects.select_related("actor").get(pk=run_id))
