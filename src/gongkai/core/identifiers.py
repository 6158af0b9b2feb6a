"""Check-digit validators for identifiers that turn up in government documents and forms.

Pure functions, no Django: used by form validation, the pre-publication scanner
(:mod:`gongkai.reviews.scanner`) and imports.

* 居民身份证号码 (GB 11643-1999): 18 characters, plus the old 15-digit form.
* Luhn (ISO/IEC 7812) as used by bank cards.
* 统一社会信用代码 (GB 32100-2015).
* Mainland mobile numbers.

All validators take a ``str`` and return ``False`` for anything else; they do not strip or
normalise their input (callers decide what to accept).  The ``*_check_char`` / ``*_check_digit``
helpers raise :class:`ValueError` on malformed input.
"""

import datetime
import re

__all__ = [
    "CREDIT_CODE_ALPHABET",
    "credit_code_check_char",
    "credit_code_valid",
    "luhn_check_digit",
    "luhn_valid",
    "mobile_valid",
    "resident_id15_valid",
    "resident_id_check_char",
    "resident_id_valid",
]

_DIGITS = re.compile(r"[0-9]*")

# --- 居民身份证号码 ------------------------------------------------------------------------------------
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID18 = re.compile(r"[1-9][0-9]{16}[0-9Xx]")
_ID15 = re.compile(r"[1-9][0-9]{14}")


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def resident_id_check_char(first17: str) -> str:
    """The check character ("0"-"9" or "X") for the first 17 digits of an 18-digit ID number."""
    if not isinstance(first17, str) or len(first17) != 17 or not _DIGITS.fullmatch(first17):
        raise ValueError("resident ID check character needs exactly 17 ASCII digits")
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def resident_id_valid(value: str) -> bool:
    """18-character 居民身份证号码: first digit 1-9, a real birth date YYYYMMDD (1900-2100) and the
    GB 11643 check character (a lower-case "x" is accepted)."""
    if not isinstance(value, str) or not _ID18.fullmatch(value):
        return False
    year, month, day = int(value[6:10]), int(value[10:12]), int(value[12:14])
    if not 1900 <= year <= 2100 or not _real_date(year, month, day):
        return False
    return resident_id_check_char(value[:17]) == value[17].upper()


def resident_id15_valid(value: str) -> bool:
    """Old 15-digit 身份证号码 (before 1999): 6-digit area code (first digit 1-9), birth date YYMMDD
    in the 1900s, 3-digit sequence number.  There is no check digit."""
    if not isinstance(value, str) or not _ID15.fullmatch(value):
        return False
    return _real_date(1900 + int(value[6:8]), int(value[8:10]), int(value[10:12]))


# --- Luhn ------------------------------------------------------------------------------------------


def _luhn_sum(digits: str, double_rightmost: bool) -> int:
    total = 0
    double = double_rightmost
    for c in reversed(digits):
        d = int(c)
        if double:
            d *= 2
            if d > 9:
                d -= 9
        total += d
        double = not double
    return total


def luhn_valid(number: str) -> bool:
    """True for a non-empty string of ASCII digits whose Luhn checksum is 0 (bank card numbers)."""
    if not isinstance(number, str) or not number or not _DIGITS.fullmatch(number):
        return False
    return _luhn_sum(number, double_rightmost=False) % 10 == 0


def luhn_check_digit(partial: str) -> str:
    """The digit to append to ``partial`` (ASCII digits, may be empty) to make it Luhn-valid."""
    if not isinstance(partial, str) or not _DIGITS.fullmatch(partial):
        raise ValueError("Luhn check digit needs ASCII digits")
    return str((10 - _luhn_sum(partial, double_rightmost=True) % 10) % 10)


# --- 统一社会信用代码 --------------------------------------------------------------------------------
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, Z, S, V
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_CREDIT_VALUE = {c: i for i, c in enumerate(CREDIT_CODE_ALPHABET)}


def credit_code_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters of a 统一社会信用代码
    (upper or lower case accepted; the result is upper case)."""
    if not isinstance(first17, str) or len(first17) != 17:
        raise ValueError("credit code check character needs exactly 17 characters")
    try:
        total = sum(_CREDIT_VALUE[c] * w for c, w in zip(first17.upper(), _CREDIT_WEIGHTS, strict=True))
    except KeyError as exc:
        raise ValueError(f"not a credit code character: {exc.args[0]!r}") from None
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def credit_code_valid(code: str) -> bool:
    """18-character 统一社会信用代码 over the GB 32100 alphabet with a correct check character.

    Case-insensitive.  Only the alphabet and the check character are verified, not the
    registration-authority / category codes or the embedded 组织机构代码 check digit.
    """
    if not isinstance(code, str) or len(code) != 18:
        return False
    code = code.upper()
    if any(c not in _CREDIT_VALUE for c in code):
        return False
    return credit_code_check_char(code[:17]) == code[17]


# --- 手机号码 ---------------------------------------------------------------------------------------
_MOBILE = re.compile(r"(?:\+86[ -]?|86)?1[3-9][0-9]{9}")


def mobile_valid(value: str) -> bool:
    """Mainland mobile number: 1[3-9] and 9 more digits, optionally prefixed with "86" or "+86"
    (a single space or hyphen is allowed after "+86").  No other separators or whitespace."""
    return isinstance(value, str) and _MOBILE.fullmatch(value) is not None
