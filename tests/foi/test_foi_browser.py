"""A citizen's whole information request in a real browser (Debian's chromium): file it online (the
proof-of-work runs in the page under the CSP), track it, and download the reply letter after staff have
handled it (补正 → supplement → consultation → extension → reply → delivery).

The live server needs committed data, so this test uses a transactional database.
"""

import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from gongkai.foi import services
from gongkai.foi.models import InfoRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSON_ID = "11010519491231002X"
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}


def violations(page) -> list[str]:
    result = Axe().run(page, options=WCAG_AA)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result.response["violations"]]


@pytest.fixture
def page(browser, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GONGKAI_POW_DIFFICULTY = 16  # about 65 000 hashes: real work, a moment on a slow CI machine
    context = browser.new_context(viewport={"width": 390, "height": 844}, accept_downloads=True)  # a phone
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if m.type in {"error", "warning"} else None)
    tab.on("pageerror", lambda e: problems.append(str(e)))
    tab.problems = problems
    yield tab
    context.close()


def handle(info: InfoRequest, staff) -> None:
    """The unit's staff handle the case the way the console does, one service per step."""
    today = timezone.localdate()
    op, boss = staff["op_a"], staff["app_a"]
    services.request_assign(request=info, handler=op, actor=op)
    services.request_clarify(sent_by="in_person", request=info, on=today, items="请写明所需批复文件的年份", period_days=10,
                             actor=boss)
    services.request_supplement(request=info, on=today, note="申请人补充：2025年", actor=op)
    services.request_consult(sent_by="in_person", request=info, on=today, kind="third_party", party="某某建设有限公司",
                             reason="商业秘密", actor=op)
    services.request_consult_end(request=info, on=today, answer="同意公开", actor=op)
    services.request_extend(request=info, on=today, days=10, reason="需要调取档案", actor=boss)
    signoff = services.request_prepare(request=info, action="reply", actor=op, params={
        "on": today, "reply_kind": "disclose", "provided": ["关于某某项目立项的批复"]})
    services.request_signoff(signoff=signoff, decision="sign", actor=boss)
    services.request_deliver(request=info, on=today, way="online", note="在线下载", actor=op)


def test_citizen_files_tracks_and_downloads_the_reply(live_server, page, units, staff):
    # --- file the request on a phone ---
    page.goto(live_server.url + reverse("portal:request_apply"))
    page.get_by_text("安全验证已完成，可以提交。").wait_for(timeout=30_000)
    assert page.get_by_label("安全验证：", exact=False).is_hidden()  # the question is for visitors without JS

    page.get_by_label("申请人类型").select_option("natural_person")
    assert page.get_by_label("统一社会信用代码").is_hidden()  # only the person's identity fields
    page.get_by_label("申请人姓名或名称").fill("张三")
    page.get_by_label("身份证件类型").select_option("resident_id")
    page.get_by_label("身份证件号码").fill("110105194912310021")  # a wrong check character
    page.get_by_label("联系电话").fill("13812345678")
    page.get_by_label("电子邮箱").fill("zhang@example.com")
    page.get_by_label("向哪个机关申请").select_option("DEPT-A")
    page.get_by_label("所需政府信息的描述").fill("老旧小区改造项目的立项批复文件")
    page.get_by_label("电子文档").check()
    page.get_by_label("在线下载").check()
    assert violations(page) == []
    page.get_by_role("button", name="提交申请").click()

    # rejected: the message next to the field and in the summary, everything typed still there
    page.get_by_role("alert").get_by_text("居民身份证号码不正确", exact=False).wait_for()
    assert page.get_by_label("所需政府信息的描述").input_value() == "老旧小区改造项目的立项批复文件"
    assert page.get_by_label("在线下载").is_checked()
    assert page.get_by_label("身份证件号码").get_attribute("aria-invalid") == "true"
    assert violations(page) == []
    page.get_by_label("身份证件号码").fill(PERSON_ID)
    page.get_by_text("安全验证已完成，可以提交。").wait_for(timeout=30_000)  # a new challenge, solved again
    page.get_by_role("button", name="提交申请").click()

    page.wait_for_url(live_server.url + reverse("portal:request_done"))
    number = page.locator("#receipt-number").inner_text().strip()
    code = page.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"YSQ-\d{4}-\d{6}", number) and len(code) == 8
    assert page.get_by_role("button", name="打印本页").is_visible()  # wired by print.js
    assert violations(page) == []
    info = InfoRequest.objects.get(number=number)
    assert info.channel == "online" and info.unit.code == "DEPT-A"

    # --- track it ---
    page.goto(live_server.url + reverse("portal:request_track"))
    assert violations(page) == []
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(live_server.url + reverse("portal:request_status", args=[number]))
    assert page.locator("strong.request-status").inner_text() == "已登记"
    assert page.get_by_role("list", name="答复期限的计算步骤").is_visible()  # the phone layout of the table
    assert violations(page) == []

    # --- staff handle it ---
    handle(info, staff)

    # --- track again and download the reply ---
    page.reload()
    assert page.locator("strong.request-status").inner_text() == "已办结"
    clock = page.get_by_role("list", name="答复期限的计算步骤").inner_text()
    assert "收到补正，重新计算" in clock and "中止计算" in clock and "延期答复" in clock
    with page.expect_download() as download_info:
        reply = page.locator("ul.letters li", has_text="政府信息公开申请答复书")
        reply.get_by_role("link", name="下载 PDF").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    pdf = PdfReader(io.BytesIO(open(download.path(), "rb").read()))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert number in text

    assert not [p for p in page.problems if "Content Security Policy" in p or "Refused" in p], page.problems
