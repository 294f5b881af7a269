import pytest

from kruz.celery import app as celery_app


@pytest.fixture
def eager_celery():
    """Run tasks in-process whatever CELERY_BROKER_URL says (CI sets one): Celery reads
    its configuration once, so Django's settings fixture cannot switch this."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield celery_app
    celery_app.conf.task_always_eager = previous
