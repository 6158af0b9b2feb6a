"""Text → search tokens, the one place that decides them for both backends.

Every indexed field and every query goes through :func:`normalize` (NFKC, so full-width letters, digits
and brackets become half-width; lower case) and is then cut two ways:

* **words** — jieba in search mode (``cut_for_search``: a long word also yields the dictionary words
  inside it, so 征地拆迁 gives 征地, 拆迁 and 征地拆迁) with the 政务 user dictionary in
  ``data/gov_dict.txt``. HMM guessing of unknown words is off so that a document and a query cut the
  same text the same way.
* **grams** — every Han character and every pair of adjacent Han characters (a run of letters or
  digits is one gram). They make any 1–2 character query and any word jieba cuts differently still
  match; the backends weight them far below words.

文号 and 索引号 also get an **identifier key**: the text with everything but letters, digits and Han
characters removed, so ``甬政办发〔2014〕57号``, ``甬政办发[2014]57号`` and ``甬政办发（2014）57号`` are the same
key. Tokens are unique within a field (a term counts once per field in both backends) and consist only
of Unicode letters and digits, so that SQLite's unicode61 tokenizer and PostgreSQL's ``simple``
configuration split the space-joined text into exactly these tokens.
"""

import hashlib
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

USER_DICT = Path(__file__).resolve().parent / "data" / "gov_dict.txt"
# Bump when the rules below change; with the dictionary's hash it tells when an index needs a rebuild.
RULES_VERSION = 1

MAX_TOKEN_CHARS = 40  # longer runs (hashes, URLs glued together) are not worth indexing
MAX_FIELD_CHARS = 100_000  # per field; the rest of a very long attachment is not indexed

_WORD = re.compile(r"[^\W_]+")
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_HAN_RUN = re.compile(f"[{_HAN}]+")
_RUN = re.compile(f"[{_HAN}]+|[^\\W_{_HAN}]+")
# 文号: 机关代字 + 年份（in any brackets or none）+ 序号 + 号, e.g. 甬政办发〔2014〕57号, 镇发改[2014]12号.
_DOC_NUMBER = re.compile(
    f"[{_HAN}a-z]{{1,16}}\\s*[\\[(（〔【〖]?\\s*(?:19|20)\\d{{2}}\\s*[\\])）〕】〗]?\\s*第?\\s*\\d{{1,6}}\\s*号"
)
# 索引号: letters/digits in groups joined by / - . with at least one digit, e.g. 002934380/2014-00123.
_INDEX_NUMBER = re.compile(r"[0-9a-z]+(?:[/\-.][0-9a-z]+)+")

_lock = threading.Lock()
_tokenizer = None


def normalize(text: str) -> str:
    """NFKC (full-width → half-width), lower case."""
    return unicodedata.normalize("NFKC", text or "").lower()


def _jieba():
    """One jieba tokenizer with the 政务 dictionary, built on first use (about a second)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                tokenizer.load_userdict(str(USER_DICT))
                _tokenizer = tokenizer
    return _tokenizer


def load_segmenter() -> None:
    """Build the segmenter now rather than on the first search (about a second). Idempotent; the WSGI
    module calls it so that a preloading server pays once, before its first request."""
    _jieba()


def _split(pieces) -> list[str]:
    """Only letter/digit runs, each at most MAX_TOKEN_CHARS, first occurrence kept."""
    seen: dict[str, None] = {}
    for piece in pieces:
        for token in _WORD.findall(piece):
            if len(token) <= MAX_TOKEN_CHARS:
                seen.setdefault(token, None)
    return list(seen)


def words(text: str) -> list[str]:
    """The words of an indexed field (search mode: long words and the words inside them)."""
    return _split(_jieba().cut_for_search(normalize(text)[:MAX_FIELD_CHARS], HMM=False))


def query_words(text: str) -> list[str]:
    """The words of a query term (precise mode: the longest dictionary words)."""
    return _split(_jieba().cut(normalize(text), HMM=False))


def grams(text: str) -> list[str]:
    """Every Han character and Han pair of an indexed text; letter/digit runs whole."""
    seen: dict[str, None] = {}
    for run in _RUN.findall(normalize(text)[:MAX_FIELD_CHARS]):
        if not _HAN_RUN.fullmatch(run):
            if len(run) <= MAX_TOKEN_CHARS:
                seen.setdefault(run, None)
            continue
        for i, char in enumerate(run):
            seen.setdefault(char, None)
            if i + 1 < len(run):
                seen.setdefault(run[i:i + 2], None)
    return list(seen)


def query_grams(text: str) -> list[str]:
    """The grams a document must hold to contain ``text``: the pairs of each Han run (the character
    itself for a run of one), letter/digit runs whole."""
    seen: dict[str, None] = {}
    for run in _RUN.findall(normalize(text)):
        if len(run) == 1 or not _HAN_RUN.fullmatch(run):
            if len(run) <= MAX_TOKEN_CHARS:
                seen.setdefault(run, None)
            continue
        for i in range(len(run) - 1):
            seen.setdefault(run[i:i + 2], None)
    return list(seen)


def identifier_key(text: str) -> str:
    """文号 / 索引号 without brackets, spaces and separators: 甬政办发〔2014〕57号 → 甬政办发201457号."""
    return "".join(_WORD.findall(normalize(text)))[:MAX_TOKEN_CHARS]


def looks_like_identifier(text: str) -> bool:
    """Is the whole of ``text`` a 文号 or a 索引号 (rather than words to look for)?"""
    value = normalize(text).strip()
    if not value or not any(c.isdigit() for c in value):
        return False
    return bool(_DOC_NUMBER.fullmatch(value) or _INDEX_NUMBER.fullmatch(value))


@dataclass(frozen=True)
class DocumentTokens:
    """The space-joined tokens of one document, field by field, as both backends index them."""

    title: str
    identifiers: str  # 文号 and 索引号: their words and their identifier keys
    body: str  # summary, body and attachment text
    grams: str  # of title, identifiers and body together


def document_tokens(*, title: str, identifiers: list[str], body: str) -> DocumentTokens:
    ids = [value for value in identifiers if value]
    id_tokens = _split([*(identifier_key(v) for v in ids), *(t for v in ids for t in words(v))])
    everything = "\n".join([title, *ids, body])
    return DocumentTokens(
        title=" ".join(words(title)),
        identifiers=" ".join(id_tokens),
        body=" ".join(words(body)),
        grams=" ".join(grams(everything)),
    )


def version() -> str:
    """Changes whenever the tokens of the same text may change (rules, dictionary, jieba)."""
    import jieba

    digest = hashlib.sha256(USER_DICT.read_bytes()).hexdigest()[:12]
    return f"{RULES_VERSION}-{jieba.__version__}-{digest}"
