"""签发: letters that decide a case — a reply, a 补正告知书, a 收费通知书 — are issued only when the unit's
approver signs them (or its reviewer, for the letter kinds the unit delegates: ``Unit.signoff_delegated``).

Whoever handles the case prepares the decision (:func:`request_prepare`): the values are checked as far as
they can be before signing and kept, with any files, in an open :class:`~gongkai.foi.models.SignOff` (one
per case). The signer signs it (:func:`request_signoff`, ``sign``): the move is made with the prepared
values, as the signer, and the letter issued; or returns it with an opinion (``return``); the person who
prepared it may take it back (``withdraw``). A signer who makes the move directly needs no sign-off.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.core.errors import AccessDenied, DomainError, InvalidTransition
from gongkai.orgs import access
from gongkai.orgs.models import User

from .. import workflow
from ..models import InfoRequest, SignOff
from ._common import event, files_add, locked, today_or
from .handling import request_clarify, request_fee_notice
from .replies import _provided, refusal_outcome, request_reply, withheld_parts_check

SIGNED_MOVES = {"reply": request_reply, "clarify": request_clarify, "fee_notice": request_fee_notice}
DECISIONS = {"sign": SignOff.Decision.SIGNED, "return": SignOff.Decision.RETURNED,
             "withdraw": SignOff.Decision.WITHDRAWN}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _precheck(action: str, params: dict) -> None:
    """What can be checked of a reply before it is signed (the rest is checked when it is)."""
    if action != "reply":
        return
    from .. import legal

    kind = params.get("reply_kind", "")
    parts = withheld_parts_check(kind, params.get("outcome"), params.get("withheld_parts"),
                                 withheld_reasons=params.get("withheld_reasons", ""))
    try:
        legal.outcomes_check(kind, refusal_outcome(kind, params.get("outcome"), parts))
    except ValueError as exc:
        raise DomainError(str(exc)) from exc
    _provided(kind, params.get("provided"))


@transaction.atomic
def request_prepare(*, request: InfoRequest, action: str, params: dict, files=(), actor: User,
                    today: dt.date | None = None) -> SignOff:
    """Prepare ``action`` (reply, clarify or fee_notice) with ``params`` (the keyword arguments of its
    service, without ``request``/``actor``) for the signer. Files (a reply's information provided) are
    kept with the case now and handed to the move when it is signed."""
    item = locked(request)
    if action not in SIGNED_MOVES:
        raise DomainError(f"“{action}”不需要签发。")
    access.require(actor, "request.handle", item.unit)
    workflow.transition_for(action, item.status)  # 409 when the move is not possible now
    if item.signoffs.filter(decision=SignOff.Decision.PENDING).exists():
        raise InvalidTransition("该申请已有待签发的文书，请等待签发，或撤回后重新提交。")
    params = _jsonable({k: v for k, v in params.items() if k not in ("request", "actor", "files", "today")})
    _precheck(action, params)
    stored = files_add(item, files, "provided", actor)
    if stored:
        params["stored_files"] = stored
    signoff = SignOff.objects.create(request=item, action=action, params=params, prepared_by=actor)
    event(item, actor, "signoff_prepare", data={"signoff": signoff.pk, "move": action, "params": params})
    return signoff


def request_sign_or_prepare(*, request: InfoRequest, action: str, params: dict, files=(), actor: User,
                            today: dt.date | None = None) -> SignOff | None:
    """What every surface does with a move that issues a deciding letter: a signer makes it (None);
    anyone else prepares it for the signer (the open sign-off)."""
    if action in SIGNED_MOVES and access.can_sign(actor, request.unit, workflow.SIGNED_LETTERS[action]):
        SIGNED_MOVES[action](request=request, actor=actor, today=today, **params, **({"files": files} if files else {}))
        return None
    return request_prepare(request=request, action=action, params=params, files=files, actor=actor, today=today)


@transaction.atomic
def request_signoff(*, signoff: SignOff, decision: str, opinion: str = "", actor: User,
                    today: dt.date | None = None) -> SignOff:
    """Sign (the move is made as the signer and its letter issued), return (with an opinion) or withdraw
    (the person who prepared it) an open sign-off."""
    item = locked(signoff.request)
    signoff = SignOff.objects.select_for_update().get(pk=signoff.pk)
    if decision not in DECISIONS:
        raise DomainError("签发结果应为签发（sign）、退回（return）或撤回（withdraw）。")
    if signoff.decision != SignOff.Decision.PENDING:
        raise InvalidTransition(f"该文书已{signoff.get_decision_display().removeprefix('已')}，不能再处理。")
    opinion = (opinion or "").strip()
    letter_kind = workflow.SIGNED_LETTERS[signoff.action]
    if decision == "withdraw":
        if actor.pk != signoff.prepared_by_id:
            raise AccessDenied("只有拟稿人可以撤回待签发的文书。")
    else:
        access.require_sign(actor, item.unit, letter_kind)
        if actor.pk == signoff.prepared_by_id:
            raise AccessDenied("拟稿人不能签发自己拟办的文书，请由负责领导签发。")
        if decision == "return" and not opinion:
            raise DomainError("退回时请写明退回意见。")
    if decision == "sign":
        params = dict(signoff.params)
        SIGNED_MOVES[signoff.action](request=item, actor=actor, today=today_or(today), **params)
    signoff.decision, signoff.decided_by, signoff.decided_at = DECISIONS[decision], actor, timezone.now()
    signoff.opinion = opinion
    signoff.save()
    event(item, actor, f"signoff_{decision}", opinion=opinion,
          data={"signoff": signoff.pk, "move": signoff.action, "prepared_by": signoff.prepared_by_id})
    return signoff
