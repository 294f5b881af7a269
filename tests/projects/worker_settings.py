"""Settings for the real Celery worker started by test_reminders_worker.py: the project's
settings, with e-mail going to a file the test reads."""

from kruz.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.projects.email_backends.FileOutboxBackend"

# Hand a dead worker's unacknowledged task to the next worker within seconds, not an hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 1,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
