"""The admin is KRUZ's and speaks the staff member's language."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import UserFactory
from tests.kruz.test_query_counts import CHANGELISTS

pytestmark = pytest.mark.django_db


def test_it_titles_the_admin_for_kruz(alice, client_for):
    page = client_for(alice).get(reverse("admin:index")).content.decode()

    assert "<title>Korea–Uzbekistan cooperation record | KRUZ staff</title>" in page
    assert ">KRUZ</a>" in page


@pytest.mark.parametrize(
    ("language", "log_out"), [("ko", "로그아웃"), ("ru", "Выйти"), ("uz", "Chiqish")]
)
def test_it_follows_the_browser_language(language, log_out, alice, client_for):
    response = client_for(alice).get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language)

    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    assert log_out in page


def test_it_opens_every_models_pages(client_for):
    root = UserFactory(username="root", is_superuser=True)
    session = client_for(root)
    request = RequestFactory().get("/")
    request.user = root
    objects = {name: make() for name, make in CHANGELISTS.items()}
    for model, model_admin in admin.site._registry.items():
        name = f"{model._meta.app_label}_{model._meta.model_name}"
        pages = [reverse(f"admin:{name}_changelist")]
        if model_admin.has_add_permission(request):
            pages.append(reverse(f"admin:{name}_add"))
        if name in objects:
            pk = objects[name].pk
            pages += [
                reverse(f"admin:{name}_change", args=[pk]),
                reverse(f"admin:{name}_history", args=[pk]),
            ]
        for url in pages:
            assert session.get(url).status_code == 200, url
