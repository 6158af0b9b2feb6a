"""Tokens: normalisation, the 政务 dictionary, grams, identifier keys — the same for both backends."""

import pytest

from gongkai.search import tokens
from gongkai.search.tokens import USER_DICT


def test_the_user_dictionary_ships_at_least_200_government_terms_with_frequencies():
    entries = [line.split() for line in USER_DICT.read_text(encoding="utf-8").splitlines() if line.strip()]

    assert len(entries) >= 200
    assert all(len(e) >= 2 and e[1].isdigit() and int(e[1]) > 0 for e in entries)
    assert len({e[0] for e in entries}) == len(entries)
    words = {e[0] for e in entries}
    assert {"征地拆迁", "保障性住房", "政府信息公开", "最低生活保障", "行政许可", "行政处罚", "城乡居民", "营商环境",
            "安置补偿"} <= words


@pytest.mark.parametrize(("text", "expected"), [
    ("征地拆迁安置补偿", {"征地", "拆迁", "征地拆迁", "安置", "补偿", "安置补偿"}),
    ("保障性住房配租", {"保障", "保障性", "住房", "保障性住房"}),
    ("城乡居民最低生活保障", {"城乡居民", "最低生活保障", "城乡", "居民", "最低", "生活", "保障"}),
])
def test_search_mode_yields_long_words_and_the_words_inside_them(text, expected):
    assert expected <= set(tokens.words(text))


def test_a_query_is_cut_into_its_longest_words():
    assert tokens.query_words("保障性住房") == ["保障性住房"]
    assert tokens.query_words("征地") == ["征地"]


def test_normalisation_makes_full_width_half_width_and_lower_case():
    assert tokens.normalize("ＡＢＣ１２３（甬）") == "abc123(甬)"
    assert tokens.words("ＷＷＷ．ＺＨ．ＧＯＶ．ＣＮ") == ["www", "zh", "gov", "cn"]


def test_grams_are_every_han_character_and_pair_and_whole_letter_digit_runs():
    assert tokens.grams("征地、拆迁 2014年") == ["征", "征地", "地", "拆", "拆迁", "迁", "2014", "年"]
    assert tokens.query_grams("保障性住房") == ["保障", "障性", "性住", "住房"]
    assert tokens.query_grams("税") == ["税"]


@pytest.mark.parametrize("typed", ["甬政办发〔2014〕57号", "甬政办发[2014]57号", "甬政办发（2014）57号", "甬政办发(2014)57号",
                                   "甬政办发【2014】57号", "甬政办发 〔2014〕 57号", "甬政办发［２０１４］５７号"])
def test_doc_numbers_are_one_key_whatever_the_brackets(typed):
    assert tokens.looks_like_identifier(typed)
    assert tokens.identifier_key(typed) == "甬政办发201457号"


@pytest.mark.parametrize(("typed", "is_identifier"), [
    ("DEPT-A/2026-00001", True), ("002934380/2014-00123", True), ("镇发改〔2014〕12号", True),
    ("征地", False), ("2014", False), ("保障性住房 2014", False), ("a-b", False),
])
def test_what_counts_as_a_doc_number_or_index_number(typed, is_identifier):
    assert tokens.looks_like_identifier(typed) is is_identifier


def test_document_tokens_are_unique_per_field_and_only_letters_and_digits():
    doc = tokens.document_tokens(title="关于印发《保障性住房管理办法》的通知", identifiers=["甬政办发〔2014〕57号", "GOV/2014-00001"],
                                 body="住房、住房；住房。")
    for field in (doc.title, doc.identifiers, doc.body, doc.grams):
        values = field.split()
        assert len(values) == len(set(values))
        assert all(v.isalnum() for v in values)
    assert "甬政办发201457号" in doc.identifiers.split()
    assert "gov201400001" in doc.identifiers.split()
    assert doc.body.split() == ["住房"]


def test_very_long_texts_are_cut_at_the_field_limit():
    text = "征地" * (tokens.MAX_FIELD_CHARS // 2) + "末尾词语"
    assert "末尾" not in tokens.grams(text)
