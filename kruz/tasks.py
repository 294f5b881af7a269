"""Background work of the admin: large spreadsheet imports (kruz.models.SpreadsheetImport)."""

from celery import shared_task
from django.conf import settings
from django.contrib import admin
from django.db import transaction

from kruz.models import SpreadsheetImport


@shared_task(
    time_limit=settings.IMPORT_TASK_TIME_LIMIT,
    soft_time_limit=settings.IMPORT_TASK_TIME_LIMIT - 60,
)
def run_spreadsheet_import(job_id, confirmed):
    """Check (confirmed=False: nothing is written) or import a spreadsheet, all rows or
    none, as the admin's import does; the job records the outcome for its page."""
    job = SpreadsheetImport.objects.select_related("user").get(pk=job_id)
    expected = SpreadsheetImport.State.IMPORTING if confirmed else SpreadsheetImport.State.CHECKING
    if job.state != expected:
        return job.state  # delivered twice: the first delivery did the work
    model_admin = admin.site._registry[_model(job.model)]
    try:
        result = model_admin.import_in_background(job, confirmed)
    except Exception:
        # The import ran in one transaction, rolled back: nothing was written.
        SpreadsheetImport.objects.filter(pk=job.pk).update(
            state=SpreadsheetImport.State.FAILED,
            content=b"",
            errors=[[0, "", "The import stopped on an unexpected error; see the server log."]],
        )
        raise
    with transaction.atomic():
        job.record_result(result, confirmed)
    return job.state


def _model(label):
    from django.apps import apps

    return apps.get_model(label)
