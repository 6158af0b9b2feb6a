"""The states of an information request and the one table of moves between them.

```
            ┌─assign─┐            clarify              supplement
received ───┴────────┴─▶ processing ───────▶ clarifying ─────────▶ processing
   │  ▲                 │   ▲  consult / fee_notice     │ reply (abandoned: no supplement)
   │  └──transfer───────┤   └──────── resume ◀── paused ┤
   │                    └──reply──▶ replied ──deliver──▶ closed ──reopen──▶ processing
   └─merge (from any open state)──▶ merged
```

A row is (action, source) → target. Actions that change no status (assign in a later state, extend,
consult while already paused) still have rows, so the same check answers "may this happen now?". A
wrong move raises :class:`InvalidTransition` (HTTP 409) naming the current state; who may make the move
is the row's ``permission`` (an action of :mod:`gongkai.orgs.access`, HTTP 403).
"""

from dataclasses import dataclass

from gongkai.core.errors import InvalidTransition

from .codes import Status

RECEIVED, PROCESSING, CLARIFYING, PAUSED = Status.RECEIVED, Status.PROCESSING, Status.CLARIFYING, Status.PAUSED
REPLIED, CLOSED, MERGED = Status.REPLIED, Status.CLOSED, Status.MERGED
OPEN = (RECEIVED, PROCESSING, CLARIFYING, PAUSED)


@dataclass(frozen=True)
class Transition:
    action: str
    source: Status
    target: Status
    permission: str  # an action of gongkai.orgs.access.PERMISSIONS
    label: str


# action -> (label, permission, {source: target})
_MOVES: dict[str, tuple[str, str, dict[Status, Status]]] = {
    "assign": ("分配承办人", "request.assign",
               {RECEIVED: PROCESSING, PROCESSING: PROCESSING, CLARIFYING: CLARIFYING, PAUSED: PAUSED}),
    # the new unit assigns a handler; the clock and the received date stay
    "transfer": ("转办", "request.transfer", {RECEIVED: RECEIVED, PROCESSING: RECEIVED}),
    "merge": ("合并重复申请", "request.handle", {s: MERGED for s in OPEN}),
    "clarify": ("发出补正告知", "request.sign", {RECEIVED: CLARIFYING, PROCESSING: CLARIFYING}),
    "supplement": ("登记补正材料", "request.handle", {CLARIFYING: PROCESSING}),
    "consult": ("征求意见", "request.handle", {RECEIVED: PAUSED, PROCESSING: PAUSED, PAUSED: PAUSED}),
    # ending one of several open pauses leaves the case paused; the last one is followed by "resume"
    "consult_end": ("登记意见答复", "request.handle", {PAUSED: PAUSED}),
    "fee_notice": ("发出收费通知", "request.sign", {RECEIVED: PAUSED, PROCESSING: PAUSED, PAUSED: PAUSED}),
    "fee_paid": ("登记缴费", "request.handle", {PAUSED: PAUSED}),
    "resume": ("恢复计时", "request.handle", {PAUSED: PROCESSING}),
    "extend": ("延期答复", "request.extend", {RECEIVED: RECEIVED, PROCESSING: PROCESSING, PAUSED: PAUSED}),
    "excessive": ("确定第三十五条答复期限", "request.extend",
                  {RECEIVED: RECEIVED, PROCESSING: PROCESSING, PAUSED: PAUSED}),
    # the service narrows these: from clarifying only "abandoned" (no supplement), from paused only
    # "abandoned" (fee unpaid) or once every consultation has ended
    "reply": ("答复", "request.sign", {s: REPLIED for s in OPEN}),
    "deliver": ("送达", "request.handle", {REPLIED: CLOSED}),
    "reopen": ("重新办理", "request.reopen", {REPLIED: PROCESSING, CLOSED: PROCESSING}),
}

# The moves that issue a letter deciding the case: signed (签发) by the approver — or by a reviewer the unit
# delegates the letter kind to — and prepared for signature by anyone else who handles the case.
SIGNED_LETTERS: dict[str, str] = {"reply": "reply", "clarify": "clarification", "fee_notice": "fee_notice"}

TRANSITIONS: dict[tuple[str, Status], Transition] = {
    (action, source): Transition(action, source, target, permission, label)
    for action, (label, permission, moves) in _MOVES.items()
    for source, target in moves.items()
}
ACTIONS: tuple[str, ...] = tuple(_MOVES)


def label_of(action: str) -> str:
    return _MOVES[action][0]


def permission_of(action: str) -> str:
    return _MOVES[action][1]


def transition_for(action: str, status: str) -> Transition:
    """The move ``action`` from ``status``, or InvalidTransition saying why not."""
    if action not in _MOVES:
        raise InvalidTransition(f"未知的操作：{action}")
    transition = TRANSITIONS.get((action, Status(status)))
    if transition is None:
        label, _, moves = _MOVES[action]
        allowed = "、".join(f"“{s.label}”" for s in moves)
        raise InvalidTransition(
            f"该申请当前状态为“{Status(status).label}”，不能{label}（只有{allowed}状态的申请可以{label}）。"
        )
    return transition


def allowed_actions(status: str) -> list[Transition]:
    """The moves possible from ``status`` (internal ones such as "resume" excluded), for buttons."""
    return [t for (action, source), t in TRANSITIONS.items() if source == status and action != "resume"]
