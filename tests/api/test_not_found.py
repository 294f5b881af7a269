"""An address no URL pattern matches answers the body the schema documents for 404: JSON
under /api/, the site's page elsewhere."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path", ["/api/v1/webhooks/0.5/rotate-secret/", "/api/v1/projects/no such slug/", "/api/v9/"]
)
def test_it_answers_an_unmatched_api_address_with_a_json_error(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_it_answers_an_unmatched_page_with_the_site_page(client):
    response = client.get("/en/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
