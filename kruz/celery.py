"""The Celery app. Configured from Django settings (the CELERY_* names); without
CELERY_BROKER_URL tasks run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kruz.settings")

app = Celery("kruz")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
