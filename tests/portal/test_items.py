"""The item page and its attachments: only published items reach the public."""

import re

import pytest
from django.utils import timezone

from gongkai.disclosures.services import attachment_add
from gongkai.reviews.services import disclosure_submit, disclosure_withdraw


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


def test_published_item_shows_its_national_metadata(client, published):
    # given
    item = published(
        doc_number="测发改〔2026〕3号", summary="规定征地补偿的标准和程序。", validity="valid",
        effective_on="2026-12-01",
    )

    # when
    response = client.get(f"/items/{item.pk}/")

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    for text in (item.index_number, "测试区发展和改革局", "城乡建设、环境保护", "通知", "测发改〔2026〕3号",
                 "2026-11-02", timezone.localdate().isoformat(), "有效", "2026-12-01</time> 起施行", "主动公开",
                 "（一）行政法规、规章和规范性文件", "规定征地补偿的标准和程序。", "请认真贯彻执行"):
        assert text in html, text
    for label in ("索引号", "发布机构", "主题分类", "体裁", "发文字号", "成文日期", "发布日期", "有效性",
                  "公开方式", "公开类别", "内容概述"):
        assert f'<th scope="row">{label}</th>' in html
    assert "<caption>信息索引</caption>" in html
    assert h1_count(html) == 1
    assert '<h1 id="item-title">关于印发《测试区征地补偿实施办法》的通知</h1>' in html


def test_repealed_item_shows_the_repeal_date(client, published):
    item = published(validity="repealed", validity_changed_on="2026-11-10")

    html = client.get(f"/items/{item.pk}/").content.decode()

    assert "废止（<time datetime=\"2026-11-10\">2026-11-10</time> 废止）" in html


@pytest.mark.parametrize("state", ["draft", "submitted", "withdrawn"])
def test_unpublished_item_is_not_found_and_not_listed(client, draft_factory, publish, staff, state):
    # given
    item = draft_factory(title="尚未公开的征求意见稿")
    if state == "submitted":
        disclosure_submit(disclosure=item, actor=staff["op_a"])
    if state == "withdrawn":
        publish(item)
        disclosure_withdraw(disclosure=item, actor=staff["app_a"], reason="内容需要更正")

    # when
    page = client.get(f"/items/{item.pk}/")

    # then
    assert page.status_code == 404
    assert "页面不存在" in page.content.decode()
    for url in ("/", "/list/", "/list/?unit=DEPT-A&category=art20.01"):
        assert "尚未公开的征求意见稿" not in client.get(url).content.decode()
        assert item.index_number not in client.get(url).content.decode()


def test_unknown_item_is_not_found(client, db):
    assert client.get("/items/999999/").status_code == 404


def test_script_in_body_or_title_never_reaches_the_page(client, published):
    item = published(
        title="<script>alert('t')</script>关于开展检查的通知",
        body_html="<p>正文</p><script>alert(1)</script><img src=x onerror=alert(1)>"
                  '<a href="javascript:alert(2)">链接</a>',
    )

    html = client.get(f"/items/{item.pk}/").content.decode()

    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert "&lt;script&gt;alert(&#x27;t&#x27;)&lt;/script&gt;关于开展检查的通知" in html
    assert "<p>正文</p>" in html
    assert "<script" not in client.get("/list/").content.decode()


def test_attachments_are_listed_and_served_only_once_published(client, draft_factory, publish, staff, uploads):
    # given a draft with a PDF and an image
    item = draft_factory()
    pdf = attachment_add(disclosure=item, actor=staff["op_a"], upload=uploads["pdf"](), filename="实施办法 全文.pdf")
    png = attachment_add(disclosure=item, actor=staff["op_a"], upload=uploads["png"]())

    # then the draft's files are not served
    assert client.get(f"/items/{item.pk}/files/{pdf.pk}/").status_code == 404

    # when published
    publish(item)

    # then the page lists them with type and size, and the document is downloaded under its name
    html = client.get(f"/items/{item.pk}/").content.decode()
    assert "实施办法 全文.pdf" in html and "PDF 文档" in html
    assert "示意图.png" in html and "图片" in html
    response = client.get(f"/items/{item.pk}/files/{pdf.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E5%AE%9E%E6%96%BD%E5%8A%9E%E6%B3%95%20%E5%85%A8%E6%96%87.pdf"
    )
    pdf.file.open("rb")
    assert b"".join(response.streaming_content) == pdf.file.read()
    pdf.file.close()
    image = client.get(f"/items/{item.pk}/files/{png.pk}/")
    assert image["Content-Type"] == "image/png"
    assert image["Content-Disposition"].startswith("inline;")

    # an attachment asked for under another item is not found
    other = publish(draft_factory(title="另一条信息"))
    assert client.get(f"/items/{other.pk}/files/{pdf.pk}/").status_code == 404

    # and once withdrawn, the files are gone too
    disclosure_withdraw(disclosure=item, actor=staff["app_a"], reason="附件有误")
    assert client.get(f"/items/{item.pk}/files/{pdf.pk}/").status_code == 404
    assert client.get(f"/items/{item.pk}/files/{png.pk}/").status_code == 404


def test_interpretation_is_linked_both_ways_once_both_are_published(client, published, draft_factory, publish):
    # given a published policy and its interpretation, still a draft
    policy = published(title="测试区征地补偿实施办法")
    reading = draft_factory(title="《测试区征地补偿实施办法》政策解读", genre="other", interprets=[policy.pk])

    # then the draft is not linked from the policy
    assert "政策解读" not in client.get(f"/items/{policy.pk}/").content.decode()

    # when the interpretation is published
    publish(reading)

    # then each page links to the other
    policy_html = client.get(f"/items/{policy.pk}/").content.decode()
    assert "相关解读" in policy_html and f'href="/items/{reading.pk}/"' in policy_html
    reading_html = client.get(f"/items/{reading.pk}/").content.decode()
    assert "解读的政策" in reading_html and f'href="/items/{policy.pk}/"' in reading_html


def test_item_page_query_count_does_not_grow_with_attachments(client, draft_factory, publish, staff, uploads,
                                                              django_assert_max_num_queries):
    item = draft_factory()
    for n in range(5):
        attachment_add(disclosure=item, actor=staff["op_a"], upload=uploads["pdf"](f"附件{n}.pdf"))
    publish(item)

    with django_assert_max_num_queries(4):
        assert client.get(f"/items/{item.pk}/").status_code == 200
