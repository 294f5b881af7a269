"""The site has an icon of its own, so browsers stop asking for a missing /favicon.ico."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from lxml import etree

pytestmark = pytest.mark.django_db


def test_it_sends_favicon_ico_to_the_svg_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert response["Location"] == static("img/favicon.svg")
    assert "max-age=86400" in response["Cache-Control"]


def test_it_links_the_icon_from_every_public_page(client):
    page = client.get("/en/").content.decode()

    assert f'<link rel="icon" href="{static("img/favicon.svg")}" type="image/svg+xml">' in page


def test_it_ships_the_icon_as_a_static_svg_file():
    path = finders.find("img/favicon.svg")

    assert path is not None
    root = etree.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 32 32"
    assert b"data:" not in Path(path).read_bytes()  # no inline data: nothing for CSP to allow


def test_it_refuses_to_post_to_the_icon(client):
    assert client.post("/favicon.ico").status_code == 405
