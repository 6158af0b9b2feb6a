import pytest
from django.test import Client
from django.urls import reverse


@pytest.fixture
def client_for(staff):
    """client_for("op_a") -> a Django test Client logged in as that person."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(staff[name])
        return client

    return make


@pytest.fixture
def act():
    """act(client, item, "submit", opinion="…") presses a review button on the detail page."""

    def press(client: Client, item, action: str, opinion: str = ""):
        url = reverse("console:disclosure_transition", args=[item.pk])
        return client.post(url, {"action": action, "opinion": opinion})

    return press


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
