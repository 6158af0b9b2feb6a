"""The information-request block of the console's "my work" page: ``{% load foi_console %}{% request_queue %}``."""

from django import template
from django.utils import timezone

from gongkai.foi.selectors import signoffs_to_sign_for, work_queue_for

register = template.Library()

PREVIEW = 20


@register.inclusion_tag("console/requests/_queue.html", takes_context=True)
def request_queue(context) -> dict:
    queue = work_queue_for(context["request"].user)
    return {"counts": queue.counts(), "items": list(queue.to_handle[:PREVIEW]), "today": timezone.localdate(),
            "to_sign": signoffs_to_sign_for(context["request"].user)}
