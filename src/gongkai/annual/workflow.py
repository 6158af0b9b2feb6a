"""What may happen to a version of an annual report, as one table.

    draft ──edit / check──▶ draft ──publish──▶ published ──new_version──▶ (a new draft, copied)

A published version never changes again; the only move from it is to start the next version, and only
from the report's newest version (a report has at most one draft).
"""

from dataclasses import dataclass

from gongkai.core.errors import InvalidTransition

from .models import VersionStatus


@dataclass(frozen=True)
class Transition:
    action: str
    source: VersionStatus
    target: VersionStatus
    permission: str  # an action of gongkai.orgs.access.PERMISSIONS
    label: str


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition("edit", VersionStatus.DRAFT, VersionStatus.DRAFT, "report.draft", "修改正文"),
        Transition("check", VersionStatus.DRAFT, VersionStatus.DRAFT, "report.draft", "校验"),
        Transition("publish", VersionStatus.DRAFT, VersionStatus.PUBLISHED, "report.publish", "发布"),
        # the source version stays published; the target is the status of the new version
        Transition("new_version", VersionStatus.PUBLISHED, VersionStatus.DRAFT, "report.draft", "新建版本"),
    ]
}


def transition_for(action: str, status: str) -> Transition:
    """The transition ``action`` from ``status``, or InvalidTransition saying why not."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise InvalidTransition(f"未知的操作：{action}")
    if transition.source != status:
        if status == VersionStatus.PUBLISHED:
            raise InvalidTransition(
                f"该版本已发布并锁定，不能{transition.label}；如需修改，请新建版本（原版本保留在历史记录中）。"
            )
        raise InvalidTransition(
            f"当前版本状态为“{VersionStatus(status).label}”，不能{transition.label}"
            f"（只有“{transition.source.label}”状态的版本可以{transition.label}）。"
        )
    return transition


def allowed_actions(status: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if t.source == status]
