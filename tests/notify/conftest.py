"""Fixtures for notify: the outbox in a temporary directory, the local fake SMS providers, people."""

import pytest
from fake_aliyun import FakeAliyunSms, FakeSmsGateway, HangingServer

ALIYUN_KEY_ID = "LTAI-test-key"
ALIYUN_SECRET = "test-secret-5Kq~*"
GATEWAY_TOKEN = "gw-token-123"


@pytest.fixture(autouse=True)
def outbox(settings, tmp_path, monkeypatch):
    """SMS files go to a temporary outbox; local requests never go through a proxy."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    settings.GONGKAI_OUTBOX_DIR = tmp_path / "outbox"
    settings.GONGKAI_SMS_BACKEND = "file"
    return settings.GONGKAI_OUTBOX_DIR


@pytest.fixture
def aliyun(settings):
    """A fake Alibaba Cloud SMS service, and the product configured to use it."""
    with FakeAliyunSms({ALIYUN_KEY_ID: ALIYUN_SECRET}) as server:
        settings.GONGKAI_SMS_BACKEND = "aliyun"
        settings.GONGKAI_SMS_ALIYUN_ENDPOINT = server.url
        settings.GONGKAI_SMS_ALIYUN_ACCESS_KEY_ID = ALIYUN_KEY_ID
        settings.GONGKAI_SMS_ALIYUN_ACCESS_KEY_SECRET = ALIYUN_SECRET
        settings.GONGKAI_SMS_ALIYUN_SIGN_NAME = "测试区人民政府"
        settings.GONGKAI_SMS_ALIYUN_TEMPLATE_CODE = "SMS_000001"
        yield server


@pytest.fixture
def gateway(settings):
    """A fake generic HTTP SMS gateway, and the product configured to use it."""
    with FakeSmsGateway(GATEWAY_TOKEN) as server:
        settings.GONGKAI_SMS_BACKEND = "http"
        settings.GONGKAI_SMS_HTTP_URL = server.url + "send"
        settings.GONGKAI_SMS_HTTP_TOKEN = GATEWAY_TOKEN
        yield server


@pytest.fixture
def hanging(settings):
    """An HTTP SMS gateway that accepts connections and never answers, and the product configured to use it."""
    with HangingServer() as server:
        settings.GONGKAI_SMS_BACKEND = "http"
        settings.GONGKAI_SMS_HTTP_URL = server.url + "send"
        settings.GONGKAI_SMS_HTTP_TOKEN = GATEWAY_TOKEN
        yield server


@pytest.fixture
def handler(django_user_model):
    return django_user_model.objects.create_user(
        username="handler", password="x" * 12, display_name="王经办", mobile="13800138000"
    )


@pytest.fixture
def other(django_user_model):
    return django_user_model.objects.create_user(username="other", password="x" * 12, display_name="李审核")
