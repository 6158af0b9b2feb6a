"""How the index follows the register: publish (a task on commit), withdraw (at once), republish,
attachments, and ``gongkai reindex`` rebuilding while search keeps working."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from docx import Document

from gongkai.disclosures.services import attachment_add, disclosure_update
from gongkai.reviews.services import disclosure_reopen, disclosure_withdraw
from gongkai.search import services
from gongkai.search.models import SearchEntry, SearchTombstone
from gongkai.search.selectors import search


def found(q: str, **kwargs) -> list[int]:
    return [r.id for r in search(q=q, **kwargs).results]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_draft_is_not_found_and_a_publication_is_found_once_committed(draft_factory, publish, staff,
                                                                         django_capture_on_commit_callbacks):
    from gongkai.reviews.services import disclosure_approve, disclosure_review, disclosure_submit

    item = draft_factory(title="关于骆驼街道征地拆迁安置补偿的公告")
    assert found("征地拆迁") == []

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        disclosure_submit(disclosure=item, actor=staff["op_a"])
        disclosure_review(disclosure=item, actor=staff["rev_a"], passed=True)
        disclosure_approve(disclosure=item, actor=staff["app_a"], approved=True)
        assert found("征地拆迁") == []  # the task runs after the commit, not in the publishing transaction
    for callback in callbacks:
        callback()

    assert found("征地拆迁") == [item.pk]


def test_a_withdrawn_item_is_gone_at_once(draft_factory, publish, staff, django_capture_on_commit_callbacks):
    kept = publish(draft_factory(title="关于征地拆迁补偿标准的通知"))
    item = publish(draft_factory(title="关于征地拆迁安置房分配的通知"))
    assert sorted(found("征地拆迁")) == sorted([kept.pk, item.pk])

    with django_capture_on_commit_callbacks(execute=False):  # nothing waits for a commit hook
        disclosure_withdraw(disclosure=item, actor=staff["app_a"], reason="内容有误，需更正后重新发布")
        assert found("征地拆迁") == [kept.pk]
        assert search(q="征地拆迁").total == 1
        assert found("安置房") == []


def test_a_withdrawn_corrected_and_republished_item_is_found_by_its_new_text_only(draft_factory, publish, staff):
    item = publish(draft_factory(title="关于公共租赁住房配租的公告"))
    disclosure_withdraw(disclosure=item, actor=staff["app_a"], reason="配租名单有误")
    disclosure_reopen(disclosure=item, actor=staff["op_a"])
    disclosure_update(disclosure=item, actor=staff["op_a"], title="关于保障性住房配租结果的更正公告")

    publish(item)

    assert found("保障性住房") == [item.pk]
    assert found("公共租赁") == []
    assert SearchEntry.objects.count() == 1


def _docx(text: str) -> SimpleUploadedFile:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile("附件.docx", buffer.getvalue(), content_type="application/octet-stream")


def test_attachment_text_is_searched(draft_factory, publish, staff):
    item = draft_factory(title="关于公布2014年拆迁安置房源的通知")
    attachment_add(disclosure=item, actor=staff["op_a"], upload=_docx("团桥村拆迁安置房源分配明细表：盛兴路安置小区三号楼"))

    publish(item)

    page = search(q="盛兴路安置小区")
    assert [r.id for r in page.results] == [item.pk]
    assert "<mark>盛兴路安置小区</mark>" in page.results[0].snippet_html


def test_reindex_rebuilds_the_same_index(corpus):
    before = {q: found(q) for q in ("征地", "保障性住房", "低保", "甬政办发〔2014〕57号")}

    call_command("reindex", verbosity=0)

    assert {q: found(q) for q in before} == before
    assert SearchTombstone.objects.count() == 0
    assert SearchEntry.objects.count() == len(corpus)


def test_reindex_keeps_up_with_publications_and_withdrawals_made_while_it_runs(corpus, draft_factory, publish,
                                                                             staff):
    later = draft_factory(title="关于征地拆迁工作的补充通知")
    happened = []

    def meanwhile(done: int) -> None:
        if not happened:  # after the first batch: the old index still serves both changes
            happened.append(done)
            publish(later)
            disclosure_withdraw(disclosure=corpus["land_yufan"], actor=staff["app_a"], reason="已被新公告替代")
            assert later.pk in found("征地拆迁")
            assert corpus["land_yufan"].pk not in found("征地")

    services.reindex(batch_size=4, progress=meanwhile)

    results = found("征地")
    assert later.pk in results
    assert corpus["land_yufan"].pk not in results
    assert search(q="征地").total == len(results) == 5


def test_search_takes_a_bounded_number_of_queries(corpus, django_assert_max_num_queries):
    # (on PostgreSQL four of them set and reset how the search queries are planned)
    with django_assert_max_num_queries(12):
        search(q="征地 补偿")
    with django_assert_max_num_queries(12):
        search(q='"安置补偿方案"', filters=None, sort="date")


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_fts_tables_match_the_migration(db):
    from gongkai.search.backends.sqlite import grams_table_sql, words_table_sql

    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE name IN ('search_words', 'search_grams')")
        created = dict(cursor.fetchall())
    assert created["search_words"] == words_table_sql("search_words")
    assert created["search_grams"] == grams_table_sql("search_grams")
