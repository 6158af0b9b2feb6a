import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.identifiers import (
    credit_code_check_char,
    credit_code_valid,
    luhn_check_digit,
    luhn_valid,
    resident_id_check_char,
    resident_id_valid,
)
from gongkai.reviews.scanner import DEFAULT_MARKS, KIND_LABELS, Finding, mask, mask_text, scan


def make_id(first17: str = "33021119800101123") -> str:
    return first17 + resident_id_check_char(first17)


def make_card(partial: str = "622202123456789012") -> str:
    return partial + luhn_check_digit(partial)


def kinds(text: str, **kwargs) -> list[tuple[str, str]]:
    return [(f.kind, f.value) for f in scan(text, **kwargs)]


ID = make_id()
CARD = make_card()  # 19 digits


def test_clerk_contact_line():
    text = f"经办人：张三，联系电话：13812345678，身份证号：{ID}。"
    findings = scan(text)
    assert [(f.kind, f.value) for f in findings] == [("mobile", "13812345678"), ("id_number", ID)]
    mobile, id_number = findings
    assert text[mobile.start : mobile.end] == "13812345678"
    assert mobile.masked == "138****5678"
    assert id_number.masked == ID[:2] + "*" * 14 + ID[-2:]
    for f in findings:
        assert "13812345678" not in f.excerpt
        assert ID not in f.excerpt
    assert mobile.excerpt == f"经办人：张三，联系电话：138****5678，身份证号：{id_number.masked}"


def test_realistic_document():
    text = (
        "宁波市某区人民政府办公室关于某项目征收补偿的公告\n"
        "甬政办发〔2014〕57号\n"
        "索引号：000014349/2018-00222    发布日期：2018-05-21\n"
        "　　根据《国有土地上房屋征收与补偿条例》，现将补偿款发放情况公告如下：\n"
        f"　　被征收人李四（身份证号码：{ID}），补偿款1234567890123456元已打入其账户"
        f"（开户行：中国工商银行，卡号：{CARD}）。\n"
        "　　联系人：王五，电话：0574-87654321，手机：139 8765 4321，邮箱：wangwu@nb.gov.cn。\n"
        "　　统一社会信用代码：91350100M000100Y43。\n"
    )
    assert kinds(text) == [
        ("id_number", ID),
        ("bank_card", CARD),
        ("mobile", "139 8765 4321"),
        ("email", "wangwu@nb.gov.cn"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "甬政办发〔2014〕57号",
        "国办发〔2019〕14号、浙政发〔2020〕3号",
        "索引号：000014349/2018-00222",
        "索引号 11330200002952286X/2024-00001",  # 统一社会信用代码-based 索引号
        "2018年5月21日 2018-05-21 20180521 2018/05/21",
        "补偿款1234567890123456元",  # fails Luhn
        "电话：0574-87654321 传真：0574 8765 4322 邮编：315000",
        "第12345678901号",  # 11 digits but 12x is not a mobile prefix
        "订单号213812345678901",  # a mobile-looking run inside a longer number
        "统一社会信用代码：91350100M000100Y43、91110000600037341L",
        "根据《中华人民共和国保守国家秘密法》，不得泄露商业机密和个人隐私。",
        "",
    ],
)
def test_nothing_to_report(text):
    assert scan(text) == []


def test_wrong_check_digit_id_is_not_reported():
    first17 = "33021119800101123"
    good = resident_id_check_char(first17)
    # a wrong check digit that is also no Luhn-valid bank card number
    wrong = next(c for c in "0123456789" if c != good and not luhn_valid(first17 + c))
    assert scan(f"身份证号：{first17}{wrong}") == []


def test_random_18_digit_number_is_not_an_id():
    assert not resident_id_valid("123456789012345678")
    assert scan("编号123456789012345678") == []


def test_id_number_with_x_and_15_digit_id():
    bodies = (f"11010519491231{n:03d}" for n in range(1000))
    id_x = next(b for b in bodies if resident_id_check_char(b) == "X") + "x"
    assert kinds(f"身份证：{id_x}，旧证：110105491231002") == [
        ("id_number", id_x),
        ("id_number", "110105491231002"),
    ]
    assert scan(f"身份证：{id_x}")[0].masked == "11" + "*" * 14 + id_x[-2:]
    assert scan("旧证：110105491231002")[0].masked == "11***********02"


def test_id_not_inside_longer_run():
    assert scan(f"1{ID}") == []
    assert scan(f"{ID}1") == []
    assert scan(f"{ID[:17]}XX") == []


def test_luhn_valid_id_is_one_id_finding():
    luhn_id = next(
        make_id(f"33021119800101{n:03d}")
        for n in range(1000)
        if luhn_valid(make_id(f"33021119800101{n:03d}"))
    )
    assert kinds(f"证件号码{luhn_id}") == [("id_number", luhn_id)]


@pytest.mark.parametrize(
    "written",
    [
        "13812345678",
        "138-1234-5678",
        "138 1234 5678",
        "+8613812345678",
        "+86 13812345678",
        "+86-138-1234-5678",
        "8613812345678",
        "１３８１２３４５６７８",
    ],
)
def test_mobile_spellings(written):
    [finding] = scan(f"联系电话：{written}。")
    assert finding.kind == "mobile"
    assert finding.value == written
    assert finding.masked == "138****5678"


@pytest.mark.parametrize(
    "text", ["138-1234 5678", "1381234567", "138123456789", "12812345678", "0138123456789"]
)
def test_not_mobiles(text):
    assert [f for f in scan(text) if f.kind == "mobile"] == []


def test_bank_card_formats():
    card16 = make_card("622588123456789")
    grouped = " ".join([CARD[0:4], CARD[4:8], CARD[8:12], CARD[12:16], CARD[16:]])
    hyphened = "-".join([card16[0:4], card16[4:8], card16[8:12], card16[12:16]])
    assert kinds(f"卡号：{card16}；{grouped}；{hyphened}") == [
        ("bank_card", card16),
        ("bank_card", grouped),
        ("bank_card", hyphened),
    ]
    assert scan(grouped)[0].masked == CARD[:4] + "*" * 11 + CARD[-4:]


def test_bank_card_must_pass_luhn():
    bad = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
    assert scan(f"卡号：{bad}") == []


def test_bank_card_does_not_also_yield_mobile():
    # a Luhn-valid 16-digit number containing a mobile-looking run
    card = make_card("138123456781234")
    assert kinds(f"账号{card}") == [("bank_card", card)]


def test_all_digit_credit_code_is_not_a_bank_card():
    # 事业单位 codes can be all digits (12 + area code + numeric 组织机构代码 + check character)
    code = next(
        first17 + check
        for n in range(10000)
        for first17 in [f"12330200{n:09d}"]
        for check in [credit_code_check_char(first17)]
        if check.isdigit() and luhn_valid(first17 + check)
    )
    assert credit_code_valid(code)
    assert scan(f"统一社会信用代码：{code}") == []


def test_credit_code_digit_prefix_is_not_a_bank_card():
    # 16 digits followed by letters: the run touches letters, so it is not a card number
    prefix = make_card("913302007133191")
    assert scan(f"代码：{prefix}XY") == []


def test_email():
    assert kinds("邮箱：zhang.san+gk@nb.gov.cn，或 info@example.com.cn。") == [
        ("email", "zhang.san+gk@nb.gov.cn"),
        ("email", "info@example.com.cn"),
    ]
    assert scan("邮箱：zhangsan@nb.gov.cn")[0].masked == "z***@nb.gov.cn"


def test_email_with_mobile_local_part_is_one_finding():
    assert kinds("QQ邮箱13812345678@qq.com") == [("email", "13812345678@qq.com")]


def test_no_email_without_domain():
    assert scan("使用@符号，例如 a@b 或 user@localhost") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("机密★一年\n关于……的通知", "机密★"),
        ("秘密★启用前\n", "秘密★启用前"),
        ("秘密★1年", "秘密★"),
        ("绝密★长期", "绝密★"),
        ("机密 ★一年", "机密"),
        ("本文件为机密级", "机密"),
        ("请妥善保管机密文件", "机密"),
        ("机密 10年", "机密"),
        ("机密\n关于……的通知", "机密"),
        ("抄送：各县（市）区\n　　绝密\n", "绝密"),
        ("<p>机密</p>", "机密"),
        ("内部资料 注意保存", "内部资料"),
        ("此件不予公开", "不予公开"),
        ("本文属于内部文件，注意保密", "内部文件"),
    ],
)
def test_classification_marks(text, value):
    found = [f for f in scan(text) if f.kind == "classification"]
    assert found[0].value == value
    assert found[0].masked == "*" * len(value)
    assert text[found[0].start : found[0].end] == value


def test_classification_marks_all_found_and_not_overlapping():
    text = "本文件属内部文件，注意保密。秘密★启用前"
    assert kinds(text) == [
        ("classification", "内部文件"),
        ("classification", "注意保密"),
        ("classification", "秘密★启用前"),
    ]


@pytest.mark.parametrize(
    "text",
    ["不得泄露商业机密", "保守国家秘密是公民的义务", "这些都是绝密的东西", "这是机密信息"],
)
def test_bare_levels_in_prose_are_not_reported(text):
    assert scan(text) == []


def test_custom_marks():
    assert kinds("敏感信息，请勿外传", marks=["请勿外传"]) == [("classification", "请勿外传")]
    assert kinds("内部资料", marks=[]) == []
    assert kinds("机密★一年", marks=("机密",)) == [("classification", "机密")]
    assert "内部资料" in DEFAULT_MARKS


def test_findings_sorted_and_non_overlapping_in_mixed_text():
    text = (
        f"秘密★启用前\n申请人：赵六 身份证 {ID} 手机 13912345678 卡号 {CARD} "
        "邮箱 zhaoliu@163.com 内部资料 13812345678@qq.com"
    )
    findings = scan(text)
    assert [f.kind for f in findings] == [
        "classification",
        "id_number",
        "mobile",
        "bank_card",
        "email",
        "classification",
        "email",
    ]
    for a, b in zip(findings, findings[1:], strict=False):
        assert a.end <= b.start


def test_excerpt_context_and_masking():
    text = "前" * 40 + "\n联系电话：\n13812345678\n请于工作日拨打" + "后" * 40
    [f] = scan(text)
    assert "\n" not in f.excerpt
    assert "13812345678" not in f.excerpt
    assert "138****5678" in f.excerpt
    left, right = f.excerpt.split("138****5678")
    assert left == "前" * 8 + " 联系电话： "
    assert right == " 请于工作日拨打" + "后" * 7


def test_excerpt_masks_neighbours_cut_by_the_window():
    text = f"身份证{ID}，手机13812345678"
    id_finding, mobile_finding = scan(text)
    assert ID not in mobile_finding.excerpt
    assert id_finding.masked in mobile_finding.excerpt
    assert "13812345678" not in id_finding.excerpt


def test_finding_is_frozen_and_labelled():
    [f] = scan("13812345678")
    assert isinstance(f, Finding)
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.value = "x"
    assert f.label == "手机号码"
    assert set(KIND_LABELS) == {"id_number", "mobile", "bank_card", "email", "classification"}


def test_mask():
    assert mask("mobile", "13812345678") == "138****5678"
    assert mask("mobile", "+86 138-1234-5678") == "138****5678"
    assert mask("id_number", "350211198001011223") == "35**************23"
    assert mask("id_number", "350211800101122") == "35***********22"
    assert mask("bank_card", "6222 0212 3456 7890 128") == "6222***********0128"
    assert mask("email", "zhangsan@nb.gov.cn") == "z***@nb.gov.cn"
    assert mask("classification", "机密★") == "***"
    with pytest.raises(ValueError):
        mask("passport", "E12345678")


def test_mask_text_replaces_all_spellings():
    text = "<p>电话：13812345678</p><p>再次：138-1234-5678，+86&nbsp;138&nbsp;1234&nbsp;5678</p><p>订单213812345678901</p>"
    finding = scan("电话：13812345678")[0]
    assert mask_text(text, finding) == (
        "<p>电话：138****5678</p><p>再次：138****5678，138****5678</p><p>订单213812345678901</p>"
    )


def test_mask_text_id_and_card():
    text = f"身份证号{ID}；卡号{CARD}；卡号 {CARD[:4]} {CARD[4:8]} {CARD[8:12]} {CARD[12:16]} {CARD[16:]}"
    id_finding, card_finding, _ = scan(text)
    masked = mask_text(mask_text(text, id_finding), card_finding)
    assert ID not in masked
    assert CARD[4:8] not in masked
    assert masked == f"身份证号{id_finding.masked}；卡号{card_finding.masked}；卡号 {card_finding.masked}"


def test_mask_text_email_and_classification():
    html = "<p>机密</p><p>不得泄露商业机密。</p><p>邮箱：<a href='mailto:ab@nb.gov.cn'>ab@nb.gov.cn</a></p>"
    mark = scan("机密\n")[0]
    email = scan("ab@nb.gov.cn")[0]
    assert mask_text(mask_text(html, mark), email) == (
        "<p>**</p><p>不得泄露商业机密。</p><p>邮箱：<a href='mailto:a***@nb.gov.cn'>a***@nb.gov.cn</a></p>"
    )


def test_masked_text_rescans_clean():
    text = f"经办人：张三，联系电话：138 1234 5678，身份证号：{ID}，卡号{CARD}，邮箱 zs@nb.gov.cn\n机密★一年"
    for finding in scan(text):
        text = mask_text(text, finding)
    assert scan(text) == []


@given(st.text(alphabet="0123456789 -+X@.ab机密★\n", max_size=300))
def test_property_findings_are_consistent(text):
    findings = scan(text)
    for f in findings:
        assert f.kind in KIND_LABELS
        assert text[f.start : f.end] == f.value
        assert f.masked == mask(f.kind, f.value)
        assert "\n" not in f.excerpt
        assert f.masked in f.excerpt
    for a, b in zip(findings, findings[1:], strict=False):
        assert a.end <= b.start
