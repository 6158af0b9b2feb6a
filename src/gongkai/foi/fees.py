"""信息处理费 (processing fee) quotes, 《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）.

RULES.md §2 Fees. Two methods, one per request and never both (Art. 3); both progressive: each tier's rate
applies only to the part inside the tier.

* ``per_request`` 按件计收 (Art. 4), counted per applicant per calendar month: requests 1–10 free;
  11–30 → 100 元 each; from 31 on, bands of 10, each band 100 元 higher (31–40 → 200, 41–50 → 300, …).
* ``per_page`` 按量计收 (Art. 5), pages of one request: 1–30 free; 31–100 → 10 元/page;
  101–200 → 20 元/page; 201 and up → 40 元/page. E.g. 150 pages = 70 × 10 + 50 × 20 = 1700 元.

Amounts are whole yuan, as :class:`~decimal.Decimal`.
"""

from __future__ import annotations

from decimal import Decimal

METHODS = {"per_request": "按件计收", "per_page": "按量计收"}

# (first page of the tier, yuan per page); a tier runs up to the page before the next one starts
PAGE_TIERS = ((1, 0), (31, 10), (101, 20), (201, 40))

FREE_REQUESTS = 10  # requests 1–10 of a month
FLAT_REQUESTS_UNTIL = 30  # requests 11–30: 100 元 each
BAND = 10  # from 31 on, each band of 10 requests costs 100 元 more
STEP = 100


def _number(value, what: str, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{what}必须是整数，收到：{value!r}。")
    if value < minimum:
        raise ValueError(f"{what}不能小于{minimum}，收到：{value}。")
    return value


def _method(method: str) -> str:
    if method not in METHODS:
        raise ValueError(f"未知的收费方式：{method!r}（应为 per_request 按件计收 或 per_page 按量计收）。")
    return method


def request_price(nth: int) -> int:
    """Yuan for the ``nth`` request (1-based) of one applicant in one calendar month."""
    nth = _number(nth, "本月第几件申请", minimum=1)
    if nth <= FREE_REQUESTS:
        return 0
    if nth <= FLAT_REQUESTS_UNTIL:
        return STEP
    return STEP * (2 + (nth - FLAT_REQUESTS_UNTIL - 1) // BAND)


def pages_price(pages: int) -> int:
    """Yuan for a request of ``pages`` pages, progressive over :data:`PAGE_TIERS`."""
    pages = _number(pages, "页数", minimum=0)
    total = 0
    for i, (first, rate) in enumerate(PAGE_TIERS):
        last = PAGE_TIERS[i + 1][0] - 1 if i + 1 < len(PAGE_TIERS) else pages
        if pages >= first:
            total += (min(pages, last) - first + 1) * rate
    return total


def quote(method: str, *, count: int | None = None, pages: int | None = None) -> Decimal:
    """The fee, in yuan, for one request.

    ``per_request``: ``count`` is the position of this request among the applicant's requests of the
    calendar month, this one included (the 11th request of a month → 100 元). ``per_page``: ``pages`` is the
    number of pages this request provides (150 → 1700 元). The other argument must be left out: one method
    per request (Art. 3). Raises ``ValueError`` (message in Chinese) for an unknown method, a missing,
    negative or non-integer number.
    """
    if _method(method) == "per_request":
        if pages is not None:
            raise ValueError("按件计收不按页数计算，不能同时填写页数。")
        if count is None:
            raise ValueError("按件计收须填写本月第几件申请。")
        return Decimal(request_price(count))
    if count is not None:
        raise ValueError("按量计收不按件数计算，不能同时填写件数。")
    if pages is None:
        raise ValueError("按量计收须填写页数。")
    return Decimal(pages_price(pages))


def quote_total(method: str, n: int) -> Decimal:
    """The total for ``n`` requests of one month (``per_request``: the sum of the 1st … ``n``-th quote) or
    for ``n`` pages (``per_page``: the same as :func:`quote`). ``n = 0`` → 0."""
    n = _number(n, "件数" if _method(method) == "per_request" else "页数", minimum=0)
    if method == "per_request":
        return Decimal(sum(request_price(i) for i in range(1, n + 1)))
    return Decimal(pages_price(n))
