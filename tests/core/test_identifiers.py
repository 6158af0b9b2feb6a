import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.identifiers import (
    CREDIT_CODE_ALPHABET,
    credit_code_check_char,
    credit_code_valid,
    luhn_check_digit,
    luhn_valid,
    mobile_valid,
    resident_id15_valid,
    resident_id_check_char,
    resident_id_valid,
)

ID_CHECK_CHARS = "0123456789X"


def make_id(area: str = "330211", birth: str = "19800101", seq: str = "123") -> str:
    first17 = area + birth + seq
    return first17 + resident_id_check_char(first17)


# --- 居民身份证号码 -----------------------------------------------------------------------------------


def test_standard_example_ids():
    assert resident_id_valid("11010519491231002X")  # the GB 11643 example
    assert resident_id_valid("11010519491231002x")
    assert resident_id_check_char("11010519491231002") == "X"


def test_generated_id_is_valid():
    value = make_id()
    assert len(value) == 18
    assert resident_id_valid(value)


@pytest.mark.parametrize(
    "value",
    [
        "110105194912310021",  # wrong check character
        "11010519491231002Y",
        "01010519491231002X",  # first digit 0
        "1101051949123100",  # too short
        "11010519491231002X1",  # too long
        " 11010519491231002X",
        "",
        "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits
    ],
)
def test_invalid_ids(value):
    assert not resident_id_valid(value)


@pytest.mark.parametrize("birth", ["19490230", "19491301", "19490000", "18991231", "21010101", "20230229"])
def test_id_birth_date_must_be_real_and_in_range(birth):
    assert not resident_id_valid(make_id(birth=birth))


@pytest.mark.parametrize("birth", ["19000101", "20000229", "21001231"])
def test_id_birth_date_edges(birth):
    assert resident_id_valid(make_id(birth=birth))


def test_id_rejects_non_strings():
    assert not resident_id_valid(None)
    assert not resident_id_valid(110105194912310021)


@pytest.mark.parametrize("first17", ["1101051949123100", "1101051949123100A", "110105194912310021", ""])
def test_id_check_char_rejects_malformed_input(first17):
    with pytest.raises(ValueError):
        resident_id_check_char(first17)


def test_resident_id15():
    assert resident_id15_valid("110105491231002")
    assert resident_id15_valid("330211960229123")  # 1996-02-29
    assert not resident_id15_valid("330211000229123")  # 1900-02-29: 1900 was not a leap year
    assert not resident_id15_valid("110105491331002")  # month 13
    assert not resident_id15_valid("010105491231002")  # area code starting with 0
    assert not resident_id15_valid("11010549123100")
    assert not resident_id15_valid("1101054912310021")
    assert not resident_id15_valid("11010549123100X")
    assert not resident_id15_valid(None)


id_bodies = st.builds(
    lambda area, birth, seq: f"{area:06d}{birth:%Y%m%d}{seq:03d}",
    st.integers(100000, 999999),
    st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)),
    st.integers(0, 999),
)


@given(id_bodies)
def test_property_id_check_char(first17):
    check = resident_id_check_char(first17)
    assert resident_id_valid(first17 + check)
    for other in ID_CHECK_CHARS:
        if other != check:
            assert not resident_id_valid(first17 + other)


@given(id_bodies, st.data())
def test_property_id_single_digit_change_is_detected(first17, data):
    value = first17 + resident_id_check_char(first17)
    i = data.draw(st.integers(0, 16))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != value[i]]))
    assert not resident_id_valid(value[:i] + digit + value[i + 1 :])


# --- Luhn ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["79927398713", "4111111111111111", "6222021234567890128", "0", "00"])
def test_luhn_valid_numbers(number):
    assert luhn_valid(number)


@pytest.mark.parametrize(
    "number", ["79927398710", "4111111111111112", "1234567890123456", "", "4111 1111", "abc"]
)
def test_luhn_invalid_numbers(number):
    assert not luhn_valid(number)


def test_luhn_check_digit_examples():
    assert luhn_check_digit("7992739871") == "3"
    assert luhn_check_digit("411111111111111") == "1"
    assert luhn_check_digit("") == "0"
    with pytest.raises(ValueError):
        luhn_check_digit("12a4")
    with pytest.raises(ValueError):
        luhn_check_digit("１２")


@given(st.text(alphabet="0123456789", max_size=40))
def test_property_luhn_check_digit(partial):
    number = partial + luhn_check_digit(partial)
    assert luhn_valid(number)
    for i, current in enumerate(number):
        for digit in "0123456789":
            if digit != current:
                assert not luhn_valid(number[:i] + digit + number[i + 1 :])


# --- 统一社会信用代码 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000600037341L", "91350100m000100y43"])
def test_known_credit_codes(code):
    assert credit_code_valid(code)


@pytest.mark.parametrize(
    "code",
    [
        "91350100M000100Y44",  # wrong check character
        "91350100M000100Y4",  # too short
        "91350100M000100Y431",
        "91350100I000100Y43",  # I is not in the alphabet
        "91350100M000100Y4O",
        "",
    ],
)
def test_invalid_credit_codes(code):
    assert not credit_code_valid(code)


def test_credit_code_check_char():
    assert credit_code_check_char("91350100M000100Y4") == "3"
    assert credit_code_check_char("91110000600037341") == "L"
    with pytest.raises(ValueError):
        credit_code_check_char("91350100M000100Y")
    with pytest.raises(ValueError):
        credit_code_check_char("91350100M000100S4")


@given(st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=17, max_size=17))
def test_property_credit_code_check_char(first17):
    check = credit_code_check_char(first17)
    assert check in CREDIT_CODE_ALPHABET
    code = first17 + check
    assert credit_code_valid(code)
    for other in CREDIT_CODE_ALPHABET:
        if other != check:
            assert not credit_code_valid(first17 + other)


@given(st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=17, max_size=17), st.data())
def test_property_credit_code_single_change_is_detected(first17, data):
    code = first17 + credit_code_check_char(first17)
    i = data.draw(st.integers(0, 16))
    char = data.draw(st.sampled_from([c for c in CREDIT_CODE_ALPHABET if c != code[i]]))
    assert not credit_code_valid(code[:i] + char + code[i + 1 :])


# --- 手机号码 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    ["13812345678", "19912345678", "8613812345678", "+8613812345678", "+86 13812345678", "+86-13812345678"],
)
def test_valid_mobiles(value):
    assert mobile_valid(value)


@pytest.mark.parametrize(
    "value",
    [
        "12812345678",  # 12x is not a mobile prefix
        "1381234567",
        "138123456789",
        "138-1234-5678",
        " 13812345678",
        "86 13812345678",
        "+8513812345678",
        "057487654321",
        "",
    ],
)
def test_invalid_mobiles(value):
    assert not mobile_valid(value)
