"""The Atom feed of one project's public changes, for readers who follow it."""

from kruz.feeds import RecordChangesFeed
from projects.models import Project


class ProjectChangesFeed(RecordChangesFeed):
    model = Project
    url_name = "projects:feed"
