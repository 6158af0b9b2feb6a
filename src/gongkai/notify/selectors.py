"""Reading messages: a person's in-app inbox."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import QuerySet

from gongkai.core.errors import NotFound

from .models import Channel, Message


def inbox_for(user: AbstractBaseUser, *, unread_only: bool = False) -> QuerySet[Message]:
    """The in-app messages addressed to ``user``, newest first."""
    messages = Message.objects.filter(channel=Channel.INAPP, user=user)
    if unread_only:
        messages = messages.filter(read_at__isnull=True)
    return messages.order_by("-created_at", "-id")


def unread_count_for(user: AbstractBaseUser) -> int:
    return inbox_for(user, unread_only=True).count()


def get_message_for(user: AbstractBaseUser, pk: int) -> Message:
    """One of ``user``'s in-app messages; anyone else's (or none) is NotFound."""
    message = inbox_for(user).filter(pk=pk).first()
    if message is None:
        raise NotFound("消息不存在。")
    return message
