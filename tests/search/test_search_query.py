"""The query language, and the queries that must get a clear answer instead of an error."""

import pytest

from gongkai.search.query import MAX_QUERY_CHARS, QueryError, parse
from gongkai.search.selectors import search


def test_words_phrases_and_identifiers():
    parsed = parse('征地 "最低生活保障" 保障性住房')

    assert [(c.kind, c.text) for c in parsed.clauses] == [
        ("phrase", "最低生活保障"), ("words", "征地"), ("words", "保障性住房")]
    assert parse("甬政办发[2014]57号").identifier.key == "甬政办发201457号"
    assert parse("“行政许可”").clauses[0].kind == "phrase"


@pytest.mark.parametrize(("typed", "message"), [
    ("", "请输入要查找的内容"),
    ("   ", "请输入要查找的内容"),
    ("征" * 10_000, "查询内容过长"),
    ("？！。，、；：“”（）", "只有标点或符号"),
    ('"', "只有标点或符号"),
    ('""', "只有标点或符号"),
    ("*", "只有标点或符号"),
    ("\\", "只有标点或符号"),
    ("征地 拆迁 安置 补偿 住房 保障 低保 许可 处罚", "查询词太多"),
])
def test_unsearchable_queries_say_what_to_type(typed, message):
    with pytest.raises(QueryError) as caught:
        parse(typed)

    assert message in caught.value.message


@pytest.mark.parametrize("typed", [
    'NEAR(', 'NEAR(征地 拆迁)', 'AND OR', '征地 AND', 'OR 征地', '"征地', '征地"', '征地*', '^征地', 'title:征地',
    '{title}: 征地', '征地 NOT 拆迁', "'); DROP TABLE search_words; --", "征地' OR '1'='1", "ａｎｄ",
    "征地\x00拆迁", "‮征地", "🏠住房",
])
def test_fts_syntax_and_odd_characters_are_searched_as_text(db, typed):
    page = search(q=typed)

    assert page.total >= 0


def test_a_query_at_the_length_limit_is_searched(db):
    assert search(q="征" * MAX_QUERY_CHARS).total == 0


def test_absurd_page_numbers_and_sorts_are_clamped(corpus):
    page = search(q="征地", page=10**18, sort="nonsense")

    assert page.page == page.pages == 1
    assert page.sort == "relevance"
    assert search(q="征地", page=-3).page == 1
