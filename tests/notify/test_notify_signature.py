"""The Alibaba Cloud signature (version 1.0, HMAC-SHA1): published vectors and a step-by-step rebuild."""

import base64
import hashlib
import hmac
import json
import urllib.parse

from fake_aliyun import spec_signature

from gongkai.notify.sms import AliyunSmsBackend, aliyun_signature, percent_encode

# The example in Alibaba Cloud's "RPC signature" document (ECS DescribeRegions, GET, secret testsecret).
RPC_DOC_PARAMS = {
    "AccessKeyId": "testid", "Action": "DescribeRegions", "Format": "XML", "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", "SignatureVersion": "1.0",
    "Timestamp": "2016-02-23T12:46:24Z", "Version": "2014-05-26",
}
# The example in the SMS service's "HTTP protocol and signature" document (SendSms, secret testSecret).
SMS_DOC_PARAMS = {
    "AccessKeyId": "testId", "Action": "SendSms", "Format": "XML", "OutId": "123", "PhoneNumbers": "15300000001",
    "RegionId": "cn-hangzhou", "SignName": "阿里云短信测试专用", "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466", "SignatureVersion": "1.0",
    "TemplateCode": "SMS_71390007", "TemplateParam": '{"customer":"test"}', "Timestamp": "2017-07-12T02:42:19Z",
    "Version": "2017-05-25",
}


def test_signature_matches_the_published_rpc_example():
    assert aliyun_signature(RPC_DOC_PARAMS, "testsecret") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


def test_signature_matches_the_published_sms_example():
    assert aliyun_signature(SMS_DOC_PARAMS, "testSecret") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


def test_signature_rebuilt_step_by_step_for_a_send_sms_request():
    # given: a SendSms request as the backend builds it, with a fixed nonce and timestamp
    params = {
        "AccessKeyId": "LTAI-fixed", "Action": "SendSms", "Format": "JSON", "PhoneNumbers": "13800138000",
        "RegionId": "cn-hangzhou", "SignName": "测试区人民政府", "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "6b1d9a39-7c56-4f6c-9d3e-0c2a4f1e8b7a", "SignatureVersion": "1.0",
        "TemplateCode": "SMS_000001",
        "TemplateParam": json.dumps({"content": "您有1件依申请公开答复 将于2026-11-25到期*~"}, ensure_ascii=False),
        "Timestamp": "2026-11-20T01:02:03Z", "Version": "2017-05-25",
    }
    secret = "s3cret+/=~*"

    # when: the documented steps are done by hand
    pairs = []
    for key in sorted(params):
        k = urllib.parse.quote(key, safe="~")
        v = urllib.parse.quote(params[key], safe="~")
        pairs.append(k + "=" + v)
    canonicalized = "&".join(pairs)
    string_to_sign = "GET&%2F&" + urllib.parse.quote(canonicalized, safe="~")
    expected = base64.b64encode(
        hmac.new((secret + "&").encode(), string_to_sign.encode(), hashlib.sha1).digest()
    ).decode()

    # then: the product, and the fake server's own implementation, agree
    assert "%20" in canonicalized and "%2A" in canonicalized and "~" in canonicalized  # the vector covers them
    assert "+" not in canonicalized
    assert aliyun_signature(params, secret) == expected
    assert spec_signature("GET", params, secret) == expected


def test_signature_depends_on_every_parameter_and_the_secret():
    base = aliyun_signature(SMS_DOC_PARAMS, "testSecret")
    assert aliyun_signature({**SMS_DOC_PARAMS, "PhoneNumbers": "15300000002"}, "testSecret") != base
    assert aliyun_signature(SMS_DOC_PARAMS, "testsecret") != base


def test_percent_encoding_follows_rfc_3986():
    assert percent_encode("a b") == "a%20b"
    assert percent_encode("*") == "%2A"
    assert percent_encode("~-_.") == "~-_."
    assert percent_encode("/+=:") == "%2F%2B%3D%3A"
    assert percent_encode("公开") == "%E5%85%AC%E5%BC%80"


def test_backend_signs_the_parameters_the_api_requires():
    backend = AliyunSmsBackend(
        endpoint="http://127.0.0.1:9/", access_key_id="id", access_key_secret="secret", sign_name="签名",
        template_code="SMS_1",
    )
    params = backend.request_params("13800138000", "测试")
    assert params["Action"] == "SendSms"
    assert params["Version"] == "2017-05-25"
    assert params["RegionId"] == "cn-hangzhou"
    assert params["Format"] == "JSON"
    assert json.loads(params["TemplateParam"]) == {"content": "测试"}
    assert len(params["Timestamp"]) == 20 and params["Timestamp"].endswith("Z")
    signature = params.pop("Signature")
    assert signature == spec_signature("GET", params, "secret")
    assert backend.request_params("13800138000", "测试")["SignatureNonce"] != params["SignatureNonce"]
