"""The public column through nginx's cache (deploy/nginx/gongkai.conf) in front of a live server: pages
are answered from the cache, and a publication, withdrawal or edit is seen at once (precise PURGE)."""

import logging
import urllib.error
import urllib.request

import pytest
from django.db import transaction

from gongkai.disclosures.models import Disclosure
from gongkai.portal import purge
from gongkai.reviews.services import disclosure_withdraw

from .servers import nginx


@pytest.fixture
def site(live_server, settings, tmp_path):
    """nginx on a free port in front of the live server; the application purges through it."""
    upstream = live_server.url.removeprefix("http://")
    with nginx(upstream=upstream, tmp_path=tmp_path) as base:
        settings.GONGKAI_CACHE_PURGE_URL = f"{base}/_gongkai_cache"
        settings.GONGKAI_CACHE_PURGE_AGAIN = 0  # the second purge has its own test
        yield base


def fetch(url: str, *, cookie: str = "") -> tuple[int, str, str]:
    """(status, X-Cache-Status, body) of a GET."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.headers.get("X-Cache-Status", ""), response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Cache-Status", ""), error.read().decode(errors="replace")


@pytest.fixture
def public_item(published):
    return published(title="关于公布2026年第三批区级重点建设项目的通知")


def test_an_item_page_is_served_from_the_cache_and_a_withdrawal_is_a_404_at_once(site, public_item, staff):
    # given the item's page fetched once, in the standard and the large-print variant
    page = f"{site}/items/{public_item.pk}/"
    assert fetch(page)[:2] == (200, "MISS")
    status, cache, body = fetch(page)
    assert (status, cache) == (200, "HIT") and public_item.title in body
    assert fetch(page, cookie="gk_a11y=large")[:2] == (200, "MISS")
    assert fetch(page, cookie="gk_a11y=large")[:2] == (200, "HIT")

    # when the unit withdraws it
    disclosure_withdraw(disclosure=public_item, actor=staff["app_a"], reason="信息有误，撤回更正")

    # then no variant serves the cached copy any more
    assert fetch(page)[0] == 404
    assert fetch(page, cookie="gk_a11y=large")[0] == 404
    assert public_item.title not in fetch(f"{site}/")[2]


def test_an_edit_of_a_published_item_is_seen_at_once(site, public_item):
    page = f"{site}/items/{public_item.pk}/"
    fetch(page)
    assert fetch(page)[1] == "HIT"

    with transaction.atomic():  # as the IT admin's form saves it
        item = Disclosure.objects.get(pk=public_item.pk)
        item.title = "关于公布2026年第三批区级重点建设项目（更正）的通知"
        item.save()

    status, cache, body = fetch(page)
    assert (status, cache) == (200, "MISS")
    assert "（更正）" in body


def test_home_and_the_catalogue_show_a_new_publication_at_once(site, public_item, published):
    for path in ("/", "/list/", "/units/"):
        fetch(f"{site}{path}")
        assert fetch(f"{site}{path}")[1] == "HIT", path

    newer = published(title="镇海区2026年度城市更新项目计划公示")

    for path in ("/", "/list/"):
        status, _, body = fetch(f"{site}{path}")
        assert status == 200 and newer.title in body, path
    assert fetch(f"{site}/")[1] == "HIT"


def test_what_must_not_be_shared_is_never_cached(site, public_item):
    # a signed-in visitor and an unknown gk_a11y value go to the application every time
    assert fetch(f"{site}/", cookie="sessionid=abc")[1] == "BYPASS"
    assert fetch(f"{site}/", cookie="gk_a11y=large_evil")[1] == "BYPASS"
    # other cookies do not split the cache
    fetch(f"{site}/")
    assert fetch(f"{site}/", cookie="csrftoken=x; _ga=y")[1] == "HIT"
    # the request form is private to each visitor; the staff console is never cached
    fetch(f"{site}/requests/apply/")
    assert fetch(f"{site}/requests/apply/")[1] != "HIT"
    assert fetch(f"{site}/console/login/")[1] == ""
    # a tracking answer (query string, private) is never stored, however briefly
    track = f"{site}/requests/track/?number=YSQ-2026-000001&code=ABCD1234"
    fetch(track)
    assert fetch(track)[1] != "HIT"
    # a filtered list is kept a few seconds only, and only because the application marked it public
    fetch(f"{site}/list/?category=art20.01")
    assert fetch(f"{site}/list/?category=art20.01")[1] == "HIT"


def test_a_dead_cache_never_fails_the_publication(transactional_db, settings, published, caplog):
    settings.GONGKAI_CACHE_PURGE_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.GONGKAI_CACHE_PURGE_TIMEOUT = 0.2
    with caplog.at_level(logging.WARNING, logger="gongkai.portal.purge"):
        item = published(title="关于调整区级部门权责清单的通知")
    assert item.status == "published"
    assert "unreachable" in caplog.text


def test_nothing_is_sent_without_a_purge_address(settings):
    settings.GONGKAI_CACHE_PURGE_URL = ""
    assert purge.purge(["/"]) == 0


def _png():
    import struct
    import zlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"\x00\xff\x00\x00\xff\x00\x00" * 2
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    return SimpleUploadedFile("示意图.png", data, content_type="application/octet-stream")


def test_a_withdrawal_takes_the_cached_attachments_and_linked_pages_with_it(
    site, draft_factory, published, staff
):
    from gongkai.disclosures.services import attachment_add

    # given a policy with a file, and its interpretation, both published and their pages cached
    policy = draft_factory(title="关于印发《检查区老旧小区改造实施方案》的通知")
    attachment = attachment_add(disclosure=policy, actor=staff["op_a"], upload=_png())
    policy = published.publish(policy)
    reading = published(title="《检查区老旧小区改造实施方案》政策解读", interprets=[policy.pk])
    download = f"{site}/items/{policy.pk}/files/{attachment.pk}/"
    for url in (download, f"{site}/items/{policy.pk}/"):
        fetch(url)
        assert fetch(url)[1] == "HIT", url
    assert reading.title in fetch(f"{site}/items/{policy.pk}/")[2]

    # when the interpretation is withdrawn, its link leaves the policy's page at once
    disclosure_withdraw(disclosure=reading, actor=staff["app_a"], reason="解读内容需更新")
    assert reading.title not in fetch(f"{site}/items/{policy.pk}/")[2]

    # and when the policy is withdrawn, its file is gone at once too
    disclosure_withdraw(disclosure=policy, actor=staff["app_a"], reason="方案调整")
    assert fetch(download)[0] == 404


@pytest.fixture
def cache_deletes(settings):
    """A stand-in for nginx's purge location on a free port: the paths it was asked to DELETE."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    deleted = []

    class Cache(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_DELETE(self):  # noqa: N802 - http.server's naming
            deleted.append(self.path)
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Cache)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.GONGKAI_CACHE_PURGE_URL = f"http://127.0.0.1:{server.server_address[1]}/_gongkai_cache"
    settings.GONGKAI_CACHE_PURGE_AGAIN = 0
    yield deleted
    server.shutdown()


def _files(paths) -> list[str]:
    return [f"/_gongkai_cache/{purge.cache_file(f'{variant}|{path}')}"
            for path in paths for variant in purge.A11Y_VARIANTS]


def test_every_page_is_purged_again_a_moment_later(transactional_db, settings, published, cache_deletes):
    """A request that read the database just before the commit could store a stale page after the first
    purge: the same files are deleted once more."""
    import time

    settings.GONGKAI_CACHE_PURGE_AGAIN = 0.3
    item = published(title="关于公布区级行政许可事项清单的通知")
    expected = _files(purge.disclosure_paths(item.pk))
    assert all(cache_deletes.count(file) == 1 for file in expected)
    time.sleep(1)
    assert all(cache_deletes.count(file) == 2 for file in expected)


def test_a_published_annual_report_purges_its_pages_and_files(transactional_db, units, staff, cache_deletes):
    from gongkai.annual.models import ReportStatus
    from gongkai.annual.services import annual_report_ensure

    report, _ = annual_report_ensure(unit=units["a"], year=2024, actor=staff["op_a"])
    assert cache_deletes == []  # a draft is on no page
    with transaction.atomic():
        report.status = ReportStatus.PUBLISHED
        report.save(update_fields=["status"])
    paths = purge.report_paths(report.pk)
    assert f"/reports/{report.pk}/pdf/" in paths
    assert sorted(cache_deletes) == sorted(_files(paths))


def test_a_change_to_a_unit_is_seen_at_once_on_its_guide_and_the_unit_tree(site, units):
    guide = f"{site}/guide/DEPT-A/"
    for url in (guide, f"{site}/units/"):
        fetch(url)
        assert fetch(url)[1] == "HIT", url

    with transaction.atomic():  # as the 公开指南 form saves it
        unit = units["a"]
        unit.name = "测试区发展和改革委员会"
        unit.guide_phone = "0574-86009999"
        unit.save()

    body = fetch(guide)[2]
    assert "0574-86009999" in body and "测试区发展和改革委员会" in body
    assert "测试区发展和改革委员会" in fetch(f"{site}/units/")[2]
