"""Staff issue and revoke integration tokens in the admin; only a hash is kept."""

import re

import pytest

from api.models import ApiToken, hash_token
from tests.factories import UserFactory
from tests.logins import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def charlie(client):
    """A superuser on the staff, in the admin."""
    verified_login(client, UserFactory(username="charlie", is_superuser=True))
    return client


def test_it_shows_the_key_once_and_keeps_only_its_hash(charlie):
    integration = UserFactory(username="statistics-agency", is_staff=False)
    response = charlie.post(
        "/admin/api/apitoken/add/", {"name": "Statistics", "user": integration.pk}, follow=True
    )
    key = re.search(r"kruz_[\w-]+", response.content.decode()).group(0)
    token = ApiToken.objects.get()
    assert token.key_hash == hash_token(key)
    assert key not in str(ApiToken.objects.values().get())
    page = charlie.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert key not in page


def test_it_revokes_tokens_from_the_admin(charlie):
    token = ApiToken(name="Old", user=UserFactory(is_staff=False))
    token.issue_key()
    token.save()
    charlie.post(
        "/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
