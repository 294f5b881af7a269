"""The admin is KRUZ's and speaks the staff member's language."""

import pytest
from django.urls import reverse

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
