"""The register's own rules: index numbers, the Art. 26 clock, validation, sanitising, history."""

import datetime as dt
import threading

import pytest
from django.db import connection

from gongkai.core.errors import DomainError, InvalidTransition
from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.services import disclosure_create, disclosure_update


def test_index_number_pattern_and_serials(draft_factory, settings):
    first, second = draft_factory(), draft_factory()
    assert first.index_number == "DEPT-A/2026-00001"
    assert second.index_number == "DEPT-A/2026-00002"
    older = draft_factory(written_on="2014-03-05")
    assert older.index_number == "DEPT-A/2014-00001"
    settings.GONGKAI_INDEX_NUMBER_PATTERN = "{credit_code}-{year}-{serial:06d}"
    assert draft_factory().index_number == "DEPT-A-2026-000003"


def test_index_numbers_are_never_reused(draft_factory):
    first = draft_factory()
    Disclosure.objects.filter(pk=first.pk).delete()
    assert draft_factory().index_number == "DEPT-A/2026-00002"


@pytest.mark.django_db(transaction=True)
def test_index_numbers_unique_under_concurrent_creation(staff, units):
    # given eight clerks saving at the same moment, each in its own connection
    from django.db import connections

    barrier = threading.Barrier(8)
    numbers, errors = [], []

    def clerk():
        try:
            barrier.wait()
            for _ in range(5):
                item = disclosure_create(unit=units["a"], actor=staff["op_a"], title="并发起草", topic="02",
                                         genre="notice", written_on="2026-11-02")
                numbers.append(item.index_number)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=clerk) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(numbers) == 40
    assert len(set(numbers)) == 40
    assert sorted(numbers) == [f"DEPT-A/2026-{n:05d}" for n in range(1, 41)], connection.vendor


def test_publish_due_counts_working_days_from_written_or_changed(draft_factory):
    # 30 September 2026 + 20 working days: the National Day holiday (1–7 Oct) is skipped and the make-up
    # Saturday 10 Oct counts: 8, 9, 10 Oct (3), 12–30 Oct (15), 2 and 3 Nov (2).
    item = draft_factory(written_on="2026-09-30")
    assert item.publish_due == dt.date(2026, 11, 3)
    assert item.publish_due_provisional is False
    item = disclosure_update(disclosure=item, actor=item.created_by, changed_on="2026-11-02")
    assert item.publish_due == dt.date(2026, 11, 30)


def test_publish_due_running_into_an_uncovered_year_is_provisional(draft_factory):
    from gongkai.disclosures.services import publish_due_update

    # no calendar covers 2100: counted Monday–Friday and marked provisional, never refused
    item = draft_factory()
    item.written_on = dt.date(2099, 12, 21)
    publish_due_update(item)
    assert item.publish_due_provisional is True
    assert item.publish_due == dt.date(2100, 1, 19)  # 元旦 off (全国年节及纪念日放假办法)


def test_validation_messages(draft_factory, staff, units):
    with pytest.raises(DomainError, match="标题不能为空"):
        draft_factory(title="  ")
    with pytest.raises(DomainError, match="不予公开的理由"):
        draft_factory(disclosure_mode="not_disclosed")
    with pytest.raises(DomainError, match="废止日期"):
        draft_factory(validity="repealed")
    with pytest.raises(DomainError, match="成文日期"):
        draft_factory(written_on="2026-02-30")
    with pytest.raises(DomainError, match="晚于今天"):
        draft_factory(written_on="2099-01-01")
    # the register holds normative documents that are not disclosed, with their reason
    item = draft_factory(disclosure_mode="not_disclosed", non_disclosure_reason="涉及国家秘密", normative_kind="normative")
    assert item.normative_kind == "normative"


def test_only_drafts_change(draft_factory, staff):
    from gongkai.reviews.services import disclosure_submit

    item = draft_factory()
    disclosure_submit(disclosure=item, actor=staff["op_a"])
    with pytest.raises(InvalidTransition, match="只有草稿"):
        disclosure_update(disclosure=item, actor=staff["op_a"], title="改标题")


def test_script_never_survives(draft_factory):
    item = draft_factory(body_html='<p onclick="steal()">正文</p><script>alert(1)</script>'
                                   '<img src=x onerror=alert(1)><a href="javascript:alert(1)">链接</a>'
                                   '<table><tr><td colspan="2">表格</td></tr></table>')
    assert "script" not in item.body_html
    assert "onerror" not in item.body_html and "onclick" not in item.body_html
    assert "javascript:" not in item.body_html
    assert '<td colspan="2">表格</td>' in item.body_html
    assert "<p>正文</p>" in item.body_html


def test_every_change_writes_an_event(draft_factory, staff):
    item = draft_factory()
    disclosure_update(disclosure=item, actor=staff["op_a"], title="新标题", doc_number="测发改〔2026〕3号")
    event = item.events.order_by("-id").first()
    assert event.action == "update" and event.actor == staff["op_a"]
    assert event.data["before"]["title"] == "关于印发《测试区征地补偿实施办法》的通知"
    assert event.data["after"]["title"] == "新标题"
    count = item.events.count()
    disclosure_update(disclosure=item, actor=staff["op_a"], title="新标题")  # no change, no event
    assert item.events.count() == count


def test_policy_interpretation_links_both_ways(draft_factory):
    policy = draft_factory()
    reading = draft_factory(title="政策解读：《测试区征地补偿实施办法》", interprets=[policy.pk])
    assert list(policy.interpretations.all()) == [reading]
    with pytest.raises(DomainError, match="它自己"):
        disclosure_update(disclosure=reading, actor=reading.created_by, interprets=[reading.pk])


def test_attachments_checked_by_content(draft_factory, staff, tmp_path, settings):
    import io

    from docx import Document

    from gongkai.disclosures.services import attachment_add
    from gongkai.reviews.services import disclosure_submit

    settings.MEDIA_ROOT = tmp_path
    item = draft_factory()
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("附件：补偿对象名单，联系人手机 13912345678")
    document.save(buffer)
    buffer.seek(0)
    buffer.name = "名单.docx"
    attachment = attachment_add(disclosure=item, actor=staff["op_a"], upload=buffer)
    assert attachment.kind == "docx" and "补偿对象名单" in attachment.text
    assert (tmp_path / attachment.file.name).exists()
    fake = io.BytesIO(b"MZ\x90\x00 this is a program")
    fake.name = "通知.pdf"
    with pytest.raises(DomainError, match="不是允许的格式|已拒收"):
        attachment_add(disclosure=item, actor=staff["op_a"], upload=fake)
    assert item.attachments.count() == 1
    # the scanner reads attachment text too, and attachment findings cannot be masked online
    disclosure_submit(disclosure=item, actor=staff["op_a"])
    finding = item.findings.get()
    assert finding.source == "attachment"
