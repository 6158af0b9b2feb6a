from django import template

from gongkai.disclosures.files import ALLOWED_KINDS

register = template.Library()


@register.filter
def kind_label(kind: str) -> str:
    """The Chinese label of an attachment kind (``pdf`` → “PDF 文档”)."""
    spec = ALLOWED_KINDS.get(kind)
    return spec.label if spec else (kind or "").upper()
