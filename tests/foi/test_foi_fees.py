"""信息处理费 quotes (gongkai.foi.fees), 国办函〔2020〕109号: boundaries worked out by hand."""

from decimal import Decimal

import pytest

from gongkai.foi.fees import METHODS, quote, quote_total


def test_methods():
    assert METHODS == {"per_request": "按件计收", "per_page": "按量计收"}


@pytest.mark.parametrize("count, yuan", [
    (1, 0), (10, 0),  # 1–10 free
    (11, 100), (30, 100),  # 11–30: 100 each
    (31, 200), (40, 200),  # first band of 10 above 30: 200
    (41, 300), (50, 300),  # second band: 300
    (51, 400), (60, 400), (61, 500),  # and so on, 100 more per band
])
def test_per_request_quote_is_for_the_nth_request_of_the_month(count, yuan):
    assert quote("per_request", count=count) == Decimal(yuan)


@pytest.mark.parametrize("n, yuan", [
    (0, 0), (10, 0),
    (11, 100),
    (30, 2000),  # 20 × 100
    (31, 2200),  # 2000 + 200
    (40, 4000),  # 2000 + 10 × 200
    (41, 4300),  # 4000 + 300
    (50, 7000),  # 4000 + 10 × 300
    (51, 7400),  # 7000 + 400
])
def test_per_request_total_of_a_month(n, yuan):
    assert quote_total("per_request", n) == Decimal(yuan)


@pytest.mark.parametrize("pages, yuan", [
    (0, 0), (1, 0), (30, 0),  # 1–30 free
    (31, 10),  # 1 × 10
    (100, 700),  # 70 × 10
    (101, 720),  # 700 + 1 × 20
    (150, 1700),  # 70 × 10 + 50 × 20 (the worked example)
    (200, 2700),  # 700 + 100 × 20
    (201, 2740),  # 2700 + 1 × 40
    (250, 4700),  # 2700 + 50 × 40
])
def test_per_page_is_progressive(pages, yuan):
    assert quote("per_page", pages=pages) == Decimal(yuan)
    assert quote_total("per_page", pages) == Decimal(yuan)


def test_quotes_are_decimals_in_yuan():
    assert isinstance(quote("per_page", pages=150), Decimal)
    assert isinstance(quote_total("per_request", 41), Decimal)


@pytest.mark.parametrize("call, message", [
    (lambda: quote("per_request", count=-1), "不能小于1"),
    (lambda: quote("per_request", count=0), "不能小于1"),
    (lambda: quote("per_page", pages=-1), "页数不能小于0"),
    (lambda: quote_total("per_request", -1), "件数不能小于0"),
    (lambda: quote_total("per_page", -5), "页数不能小于0"),
    (lambda: quote("per_word", count=3), "未知的收费方式"),
    (lambda: quote_total("按件计收", 3), "未知的收费方式"),
    (lambda: quote("per_request"), "须填写本月第几件申请"),
    (lambda: quote("per_page"), "须填写页数"),
    (lambda: quote("per_request", count=11, pages=40), "不能同时填写页数"),
    (lambda: quote("per_page", count=11, pages=40), "不能同时填写件数"),
    (lambda: quote("per_page", pages=1.5), "必须是整数"),
    (lambda: quote("per_request", count=True), "必须是整数"),
])
def test_errors_are_value_errors_in_chinese(call, message):
    with pytest.raises(ValueError, match=message):
        call()
