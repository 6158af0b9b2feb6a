import datetime as dt

from django.contrib.auth import authenticate
from ninja import Router, Schema
from ninja.throttling import AnonRateThrottle

from gongkai.api.auth import token_issue
from gongkai.core.errors import AccessDenied

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    expires_at: dt.datetime


@router.post("/token", response=TokenOut, throttle=[AnonRateThrottle("60/m")])
def token_create(request, payload: TokenIn):
    user = authenticate(request, username=payload.username, password=payload.password)
    if user is None or not user.is_active:
        raise AccessDenied("用户名或密码错误。")
    token, expires = token_issue(user=user)
    return {"token": token, "expires_at": expires}
