"""Every change to an information request. Keyword-only, atomic, each writes its event row; status moves
only through :mod:`gongkai.foi.workflow`; the clock is stored by ``_clock_update`` alone.

Split by stage: :mod:`.registration` (intake), :mod:`.handling` (between receipt and reply),
:mod:`.replies` (reply, delivery, reopening) and :mod:`.appeals`; numbered letters are
:func:`gongkai.foi.letters.letter_issue`.
"""

from ..letters import letter_issue
from ._common import _clock_update
from .appeals import appeal_decide, appeal_file
from .handling import (
    month_position,
    request_assign,
    request_clarify,
    request_clocks_recompute,
    request_consult,
    request_consult_end,
    request_extend,
    request_fee_notice,
    request_fee_paid,
    request_mark_excessive,
    request_merge,
    request_notice_received,
    request_supplement,
    request_transfer,
)
from .registration import (
    QUERY_CODE_ALPHABET,
    RECEIPT_BASES,
    default_receipt_basis,
    request_register,
    request_submit_online,
)
from .replies import request_deliver, request_reopen, request_reply
from .signoffs import request_prepare, request_sign_or_prepare, request_signoff

__all__ = [
    "QUERY_CODE_ALPHABET", "RECEIPT_BASES", "_clock_update", "appeal_decide", "appeal_file", "default_receipt_basis",
    "letter_issue", "month_position", "request_assign", "request_clarify", "request_clocks_recompute",
    "request_consult", "request_consult_end", "request_deliver", "request_extend", "request_fee_notice", "request_fee_paid", "request_mark_excessive",
    "request_merge", "request_notice_received", "request_register", "request_reopen", "request_reply", "request_submit_online",
    "request_supplement", "request_transfer", "request_prepare", "request_sign_or_prepare", "request_signoff",
]
