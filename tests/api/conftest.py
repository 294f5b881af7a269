import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from rest_framework.test import APIClient

from api.models import ApiToken
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Throttling counts requests in the cache; each test starts with none counted."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def token_client(user):
    token = ApiToken(name=f"{user.username}'s integration", user=user)
    key = token.issue_key()
    token.save()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def grant(user, *codenames):
    for codename in codenames:
        app_label, name = codename.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=name)
        )


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def bob():
    """An integration whose user has no permission at all."""
    return token_client(UserFactory(username="bob", is_staff=False))


@pytest.fixture
def alice_user():
    user = UserFactory(username="alice", is_staff=False)
    for model in ("project", "agreement", "engagement", "organization", "official"):
        app = "projects" if model == "project" else "diplomacy"
        grant(
            user,
            *(
                f"{app}.{action}_{model}"
                for action in ("view", "add", "change", "delete", "publish")
            ),
        )
    return user


@pytest.fixture
def alice(alice_user):
    """An integration allowed to read drafts and write every record, published ones too."""
    return token_client(alice_user)
