"""Template filters of information-request pages (public and staff)."""

from django import template

register = template.Library()

# gongkai.foi.clock.Segment.kind -> the step's name in a clock explanation table
SEGMENT_LABELS = {
    "received": "收到申请",
    "clarification": "补正告知",
    "awaiting_supplement": "等待补正",
    "restart": "收到补正，重新计算",
    "pause": "中止计算",
    "extension": "延期答复",
    "excessive": "第三十五条期限",
    "due": "答复期限",
}


@register.filter
def segment_label(kind: str) -> str:
    return SEGMENT_LABELS.get(kind, kind)
