"""Named staff users, one per role: alice edits, bob publishes, charlie only reads."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory
from tests.logins import verified_login


def staff_member(username, role):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def alice(db):
    return staff_member("alice", "Editors")


@pytest.fixture
def bob(db):
    return staff_member("bob", "Publishers")


@pytest.fixture
def charlie(db):
    return staff_member("charlie", "Viewers")


@pytest.fixture
def client_for(client):
    """A logged-in client per user, verified by their authenticator; each call gives a
    separate session."""
    from django.test import Client

    def make(user):
        return verified_login(Client(), user)

    return make
