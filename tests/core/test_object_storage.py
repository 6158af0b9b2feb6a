"""Media on S3-compatible object storage: a real S3 server on the loopback (moto's server, spoken to over
HTTP by boto3), and the flows that store and serve files — attachments, proofs of identity, letters —
working through the storage API with nothing written under MEDIA_ROOT."""

import io
import json
import re

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from moto.server import ThreadedMotoServer
from pypdf import PdfWriter

from gongkai.core import antiabuse
from gongkai.disclosures.models import Attachment
from gongkai.foi.models import InfoRequest
from gongkai.reviews.services import disclosure_approve, disclosure_review, disclosure_submit

BUCKET = "gongkai-media"
KEYS = {"access_key": "gongkai-test", "secret_key": "gongkai-test-secret"}


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, settings, tmp_path):
    """STORAGES["default"] on a fresh bucket of the local S3 server; MEDIA_ROOT points at a folder that
    must stay empty. Returns the boto3 client to look inside the bucket."""
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1",
                          aws_access_key_id=KEYS["access_key"], aws_secret_access_key=KEYS["secret_key"])
    client.create_bucket(Bucket=BUCKET)
    settings.MEDIA_ROOT = tmp_path / "media-must-stay-empty"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": BUCKET, "endpoint_url": s3_server, "region_name": "us-east-1", **KEYS,
        "default_acl": None, "querystring_auth": True, "file_overwrite": False, "max_memory_size": 1024,
    }}}
    yield client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for obj in page.get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=obj["Key"])
    client.delete_bucket(Bucket=BUCKET)
    assert not settings.MEDIA_ROOT.exists()


APPLICATION = {
    "applicant_type": "natural_person", "name": "张三", "id_type": "resident_id", "id_number": "11010519491231002X",
    "phone": "13812345678", "email": "zhang@example.com", "address": "测试区人民路1号", "postcode": "315000",
    "unit": "DEPT-A", "description": "2025年度测试区发展和改革局老旧小区改造项目的立项批复文件",
    "delivery_form": "electronic", "delivery_way": "email",
}


@pytest.fixture
def apply(client, units, settings):
    """apply(files=) files the public form as a citizen would (challenge solved); returns (number, code)."""
    settings.GONGKAI_POW_DIFFICULTY = 4

    def post(files=None):
        html = client.get(reverse("portal:request_apply")).content.decode()
        token = re.search(r'name="pow_token" value="([^"]+)"', html).group(1)
        nonce = next(str(n) for n in range(1 << 20) if antiabuse.pow_valid(token, str(n), 4))
        response = client.post(reverse("portal:request_apply"),
                               {**APPLICATION, "pow_token": token, "pow_nonce": nonce, **(files or {})})
        assert response.status_code == 302, response.content.decode()[:2000]
        done = client.get(reverse("portal:request_done")).content.decode()
        return (re.search(r'id="receipt-number">([^<]+)<', done).group(1),
                re.search(r'id="receipt-code">([^<]+)<', done).group(1))

    return post


def keys(client) -> list[str]:
    return sorted(obj["Key"] for obj in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def pdf_bytes(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_the_settings_name_an_s3_bucket_from_the_environment(monkeypatch):
    from gongkai.config.settings import storage_from_env

    monkeypatch.setenv("STORAGE_BACKEND", "s3")
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "zh-media")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "http://minio.internal:9000")
    config = storage_from_env()
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "zh-media" and options["endpoint_url"] == "http://minio.internal:9000"
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME")
    with pytest.raises(Exception, match="AWS_STORAGE_BUCKET_NAME"):
        storage_from_env()


def test_an_attachment_uploaded_through_the_api_is_downloaded_from_the_portal(s3, staff, draft_factory):
    # given a draft, and an operator's API token
    item = draft_factory()
    api = Client()
    token = api.post("/api/v1/auth/token", {"username": "op_a", "password": "Gongkai#2026"},
                     content_type="application/json").json()["token"]
    content = pdf_bytes(3)
    # when the operator uploads a PDF and the item is published
    response = api.post(f"/api/v1/disclosures/{item.pk}/attachments",
                        {"file": SimpleUploadedFile("实施细则.pdf", content)},
                        headers={"Authorization": f"Bearer {token}"})
    assert response.status_code in {200, 201}, response.content
    disclosure_submit(disclosure=item, actor=staff["op_a"])
    disclosure_review(disclosure=item, actor=staff["rev_a"], passed=True)
    disclosure_approve(disclosure=item, actor=staff["app_a"], approved=True)
    # then the file is an object in the bucket, private, and the portal serves it to anyone
    attachment = Attachment.objects.get()
    assert keys(s3) == [attachment.file.name]
    acl = s3.get_object_acl(Bucket=BUCKET, Key=attachment.file.name)
    assert not [g for g in acl["Grants"] if g["Grantee"].get("URI", "").endswith("AllUsers")]
    download = Client().get(reverse("portal:attachment", args=[item.pk, attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == content
    assert download["Content-Length"] == str(len(content))
    assert "attachment" in download["Content-Disposition"]


def test_a_proof_of_identity_is_stored_in_the_bucket_and_read_by_the_handling_staff(s3, client, apply, staff):
    # given a citizen who applies online with a proof of identity
    content = pdf_bytes()
    apply(files={"proof": SimpleUploadedFile("身份证.pdf", content)})
    info = InfoRequest.objects.get()
    row = info.files.get(kind="proof")
    # then the proof is one object under a random name, not the citizen's file name
    assert keys(s3) == [row.file.name] and "身份证" not in row.file.name
    # and the unit's operator reads it; another unit's staff cannot
    op = Client()
    op.force_login(staff["op_a"])
    url = reverse("console:request_file", args=[info.pk, row.pk])
    response = op.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == content
    other = Client()
    other.force_login(staff["op_b"])
    assert other.get(url).status_code == 404


def test_an_issued_reply_letter_is_stored_in_the_bucket_and_downloaded_on_the_tracking_page(s3, client, apply, staff):
    number, code = apply()
    info = InfoRequest.objects.get(number=number)
    boss = Client()
    boss.force_login(staff["app_a"])
    today = timezone.localdate().isoformat()
    step = boss.post(reverse("console:request_step", args=[info.pk, "reply"]),
                     {"reply-on": today, "reply-reply_kind": "disclose", "reply-provided": "部门预算"})
    assert step.status_code == 302
    letter = info.letters.get(kind="reply")
    assert {letter.pdf.name, letter.docx.name} <= set(keys(s3))

    citizen = Client()
    citizen.post(reverse("portal:request_track"), {"number": number, "code": code})
    download = citizen.get(reverse("portal:request_letter", args=[letter.pk, "pdf"]))
    body = b"".join(download.streaming_content)
    assert download.status_code == 200 and body.startswith(b"%PDF")
    assert body == s3.get_object(Bucket=BUCKET, Key=letter.pdf.name)["Body"].read()


@pytest.fixture
def scratch_database(tmp_path):
    """A database URL to restore into that is not the suite's own: a new SQLite file, or a PostgreSQL
    database created and dropped here."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    scratch = f"{db['NAME']}_s3_restore"
    params = {"user": db["USER"] or None, "host": db["HOST"] or None, "port": db["PORT"] or None,
              "password": db["PASSWORD"] or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    yield f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{scratch}"
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_backup_takes_the_bucket_into_media_tar_and_restore_puts_it_back(s3, draft_factory, tmp_path,
                                                                         scratch_database):
    # given two objects in the bucket, one in a "folder"
    default_storage.save("proofs/2026/身份证明.pdf", io.BytesIO(b"%PDF-1.7 proof"))
    default_storage.save("letters/2026/答复书.pdf", io.BytesIO(b"%PDF-1.7 letter"))
    draft_factory()
    # when a set is written and checked by the drill
    out = tmp_path / "backups"
    stdout = io.StringIO()
    call_command("backup", "--out", str(out), "--drill", stdout=stdout)
    assert "媒体文件 2 个（对象存储 s3://gongkai-media）" in stdout.getvalue()
    assert "结果：一致" in stdout.getvalue()
    set_dir = next(out.iterdir())
    manifest = json.loads((set_dir / "manifest.json").read_text())
    assert sorted(manifest["media"]) == ["letters/2026/答复书.pdf", "proofs/2026/身份证明.pdf"]
    assert manifest["media_storage"] == "s3://gongkai-media"
    # when the bucket loses an object and another one is changed, restore puts the set's objects back
    s3.delete_object(Bucket=BUCKET, Key="proofs/2026/身份证明.pdf")
    s3.put_object(Bucket=BUCKET, Key="letters/2026/答复书.pdf", Body=b"overwritten")
    s3.put_object(Bucket=BUCKET, Key="later/新文件.pdf", Body=b"after the backup")
    # (the database goes to a scratch target: replacing the suite's own database would pull it from
    # under the connections of the tests that follow)
    call_command("restore", "--from", str(out), "--yes", "--database", scratch_database, stdout=io.StringIO())
    assert s3.get_object(Bucket=BUCKET, Key="proofs/2026/身份证明.pdf")["Body"].read() == b"%PDF-1.7 proof"
    assert s3.get_object(Bucket=BUCKET, Key="letters/2026/答复书.pdf")["Body"].read() == b"%PDF-1.7 letter"
    assert "later/新文件.pdf" in keys(s3)  # objects not in the set are left in place
    assert re.fullmatch(r"gongkai-\d{8}-\d{6}", set_dir.name)
