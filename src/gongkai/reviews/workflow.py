"""The review workflow of a disclosure, as one table: "先审查、后公开", "一事一审".

draft → submitted → reviewed (保密审查) → approved → published; review and approval can return the item
to draft with an opinion; a published item can be withdrawn (撤回) and later reopened as a draft.
"""

from dataclasses import dataclass

from gongkai.core.errors import InvalidTransition
from gongkai.disclosures.taxonomy import Status


@dataclass(frozen=True)
class Transition:
    action: str
    source: Status
    target: Status
    permission: str  # an action of gongkai.orgs.access.PERMISSIONS
    label: str
    needs_opinion: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("submit", Status.DRAFT, Status.SUBMITTED, "disclosure.submit", "提交审查"),
        Transition("pass_review", Status.SUBMITTED, Status.REVIEWED, "disclosure.review", "保密审查通过"),
        Transition("return_review", Status.SUBMITTED, Status.DRAFT, "disclosure.review", "审查退回", True),
        Transition("approve", Status.REVIEWED, Status.APPROVED, "disclosure.approve", "审批同意"),
        Transition("return_approval", Status.REVIEWED, Status.DRAFT, "disclosure.approve", "审批退回", True),
        Transition("publish", Status.APPROVED, Status.PUBLISHED, "disclosure.approve", "发布"),
        Transition("withdraw", Status.PUBLISHED, Status.WITHDRAWN, "disclosure.withdraw", "撤回", True),
        Transition("reopen", Status.WITHDRAWN, Status.DRAFT, "disclosure.reopen", "重新编辑"),
    ]
}

# States in which the text may still change (editing by the operator; masking during review).
EDITABLE = frozenset({Status.DRAFT})
MASKABLE = frozenset({Status.DRAFT, Status.SUBMITTED, Status.REVIEWED})
ACCEPTABLE = frozenset({Status.SUBMITTED, Status.REVIEWED})


def transition_for(action: str, status: str) -> Transition:
    """The transition ``action`` from ``status``, or InvalidTransition saying why not."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise InvalidTransition(f"未知的操作：{action}")
    if transition.source != status:
        raise InvalidTransition(
            f"当前状态为“{Status(status).label}”，不能{transition.label}"
            f"（只有“{transition.source.label}”状态的信息可以{transition.label}）。"
        )
    return transition


def allowed_actions(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if t.source == status]
