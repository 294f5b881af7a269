import datetime
import zoneinfo

from celery.schedules import crontab

from kruz.celery import app


def test_it_schedules_the_scan_daily_at_8_in_tashkent():
    entry = app.conf.beat_schedule["daily-reminder-scan"]
    tashkent = zoneinfo.ZoneInfo("Asia/Tashkent")

    assert entry["task"] == "projects.tasks.scan_reminders"
    assert entry["schedule"] == crontab(hour=8, minute=0)
    assert str(app.timezone) == "Asia/Tashkent"
    schedule = entry["schedule"]
    schedule.nowfun = lambda: datetime.datetime(2025, 6, 2, 7, 59, tzinfo=tashkent)
    last_run = datetime.datetime(2025, 6, 1, 8, 0, tzinfo=tashkent)
    assert schedule.remaining_estimate(last_run) == datetime.timedelta(minutes=1)
