"""Settings for the real Celery worker started by test_reminders_worker.py: the project's
settings, with e-mail going to a file the test reads."""

from kruz.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.projects.email_backends.FileOutboxBackend"
