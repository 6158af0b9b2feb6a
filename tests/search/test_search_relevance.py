"""The relevance set: queries people type and the documents that must come first. Runs unchanged on
SQLite and on PostgreSQL."""

import pytest

from gongkai.search.selectors import search


def keys_of(page, corpus) -> list[str]:
    names = {item.pk: key for key, item in corpus.items()}
    return [names[r.id] for r in page.results]


def test_zhengdi_finds_the_land_requisition_documents_first(corpus):
    page = search(q="征地")

    found = keys_of(page, corpus)
    assert set(found[:2]) == {"land_tuanqiao", "land_yufan"}
    # the notice and the annual report mention 征地拆迁 in their text: found, after the two about it
    assert {"gov_open_points", "report"} <= set(found[2:])
    # 特征地貌 holds the characters 征地 but not the word: found last, as a character match
    assert found[-1] == "landform"
    assert page.total == len(found) == 5


def test_baozhangxing_zhufang_ranks_the_housing_documents_first(corpus):
    found = keys_of(search(q="保障性住房"), corpus)

    assert set(found[:2]) == {"housing_result", "housing_apply"}
    assert "provident_fund" not in found  # 住房公积金 is housing, but not 保障性住房


@pytest.mark.parametrize("q", ["甬政办发〔2014〕57号", "甬政办发[2014]57号", "甬政办发（2014）57号", "甬政办发(2014)57号",
                               "  甬政办发［2014］57号 "])
def test_a_doc_number_finds_that_one_document_whatever_the_brackets(corpus, q):
    page = search(q=q)

    assert keys_of(page, corpus) == ["gov_open_points"]
    assert page.total == 1
    assert "<mark>甬政办发〔2014〕57号</mark>" in page.results[0].snippet_html


def test_an_index_number_finds_its_document(corpus):
    item = corpus["dibao"]

    assert keys_of(search(q=item.index_number), corpus) == ["dibao"]
    assert keys_of(search(q=item.index_number.replace("/", " / ").lower()), corpus) == ["dibao"]


def test_a_doc_number_nobody_has_is_searched_as_text(corpus):
    found = keys_of(search(q="甬政办发〔2099〕57号"), corpus)

    assert found == []


def test_dibao_and_its_long_name_find_the_same_list(corpus):
    assert keys_of(search(q="低保"), corpus)[0] == "dibao"
    assert keys_of(search(q="最低生活保障"), corpus)[0] == "dibao"


def test_several_words_must_all_match(corpus):
    found = keys_of(search(q="行政许可 食品经营"), corpus)

    assert found == ["licence"]


def test_a_quoted_phrase_needs_its_characters_together(corpus):
    assert keys_of(search(q='"安置补偿方案"'), corpus) == ["land_tuanqiao"]
    assert keys_of(search(q="“准予行政许可”"), corpus) == ["licence"]
    assert keys_of(search(q='"补偿安置方案"'), corpus) == []


def test_single_characters_and_unknown_words_still_match(corpus):
    # 湿 is no word of its own here; 俞范 is a village name no dictionary knows
    assert keys_of(search(q="湿"), corpus) == ["landform"]
    assert keys_of(search(q="俞范"), corpus) == ["land_yufan"]
    assert "penalty" in keys_of(search(q="宏达化工"), corpus)


def test_full_width_and_upper_case_letters_match_half_width(corpus):
    assert keys_of(search(q="ＷＷＷ．ＺＨ．ＧＯＶ．ＣＮ"), corpus) == ["report"]


def test_title_outranks_body(corpus):
    found = keys_of(search(q="行政处罚"), corpus)

    assert found[0] == "penalty"


def test_sort_by_date_lists_newest_first(corpus):
    page = search(q="征地", sort="date")

    assert [r.id for r in page.results] == sorted((r.id for r in page.results), reverse=True)
