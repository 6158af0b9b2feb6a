"""NUL characters (which PostgreSQL cannot store) are answered 400 with a Chinese message before any view
runs, in JSON bodies, form bodies, multipart fields and query strings; file contents are not looked at."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.middleware import MESSAGE
from gongkai.foi.models import SignOff


@pytest.fixture
def api(client, staff):
    token = client.post("/api/v1/auth/token", json.dumps({"username": "app_a", "password": "Gongkai#2026"}),
                        content_type="application/json").json()["token"]
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


@pytest.mark.parametrize("body", [
    {"on": "2026-11-20", "reply_kind": "disclose", "provided": ["批复\u0000"]},
    {"on": "2026-11-20", "reply_kind": "partial", "provided": ["正文"],
     "withheld_parts": [{"part": "附件\u0000", "outcome": "withheld.third_party", "reason": "隐私"}]},
    {"decision": "sign", "opinion": "\u0000"},
])
def test_a_json_body_with_a_nul_is_400(api, body):
    response = api.post("/api/v1/requests/1/reply", json.dumps(body), content_type="application/json")
    assert response.status_code == 400 and response.json() == {"detail": MESSAGE}
    assert not SignOff.objects.exists()


def test_a_patch_query_string_and_a_deep_body_are_4xx(api):
    patch = api.patch("/api/v1/units/DEPT-A/settings", json.dumps({"court": "法院\u0000"}),
                      content_type="application/json")
    assert patch.status_code == 400
    assert api.get("/api/v1/public/search", {"q": "征地\x00"}).status_code == 400
    deep = api.post("/api/v1/requests/1/reply", "[" * 100000 + "]" * 100000, content_type="application/json")
    assert 400 <= deep.status_code < 500


def test_console_forms_with_a_nul_are_400_and_files_are_not_looked_at(client, staff):
    client.force_login(staff["op_a"])
    form = client.post(reverse("console:disclosure_new"), {"title": "通知\x00"})
    assert form.status_code == 400 and MESSAGE in form.content.decode()
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n\x00\x00binary\n%%EOF\n", content_type="application/pdf")
    multipart = client.post(reverse("console:disclosure_new"), {"title": "通知", "file": upload})
    assert multipart.status_code != 400 or MESSAGE not in multipart.content.decode()
    bad_field = client.post(reverse("console:disclosure_new"), {"title": "通知\x00", "file": upload})
    assert bad_field.status_code == 400 and MESSAGE in bad_field.content.decode()
