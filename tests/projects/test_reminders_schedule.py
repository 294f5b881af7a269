from celery.schedules import crontab

from kruz.celery import app


def test_it_schedules_the_scan_daily_at_8_in_tashkent():
    entry = app.conf.beat_schedule["daily-reminder-scan"]

    assert entry["task"] == "projects.tasks.scan_reminders"
    assert entry["schedule"] == crontab(hour=8, minute=0)
    assert app.conf.timezone == "Asia/Tashkent"
