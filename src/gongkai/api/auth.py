"""Bearer tokens for the staff API: ``POST /api/v1/auth/token`` then ``Authorization: Bearer <token>``."""

import datetime as dt
import secrets

from django.conf import settings
from django.utils import timezone
from ninja.security import HttpBearer

from gongkai.orgs.models import ApiToken, User


def token_issue(*, user: User) -> tuple[str, dt.datetime]:
    token = secrets.token_urlsafe(32)
    expires = timezone.now() + dt.timedelta(hours=settings.GONGKAI_API_TOKEN_HOURS)
    ApiToken.objects.create(user=user, digest=ApiToken.digest_of(token), expires_at=expires)
    return token, expires


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str) -> User | None:
        row = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.digest_of(token), expires_at__gt=timezone.now(), user__is_active=True)
            .first()
        )
        if row is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at > dt.timedelta(minutes=5):
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        request.user = row.user
        return row.user


bearer = BearerToken()
