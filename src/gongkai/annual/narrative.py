"""The text of an annual report: its sections, the default wording, and the placeholders for numbers.

A clerk writes each section as plain text (one paragraph a line). Every number in it is a placeholder,
``{{ name }}``, filled in from the same computed data as the tables when the document is made, so the
text and the tables cannot disagree. An unknown name, or braces that do not form a placeholder, is an
error when the text is saved, never a silent blank.

Placeholders (:func:`catalogue` lists every one with its meaning, the console shows that list):

* everywhere: ``year`` (the reported year), ``next_year``, ``unit_name``;
* 2021 and 2019 formats: ``published_count`` (items proactively published in the year),
  ``t2.<row>.<column>`` with the codes of the format's table 二 (2021: ``t2.regulations.issued``,
  ``t2.normative_documents.in_force``, ``t2.licensing.decisions``, ``t2.fees.amount_10k_yuan`` …; 2019:
  ``t2.normative_documents.made``, ``t2.normative_documents.public_total``, ``t2.licensing.previous_items``,
  ``t2.procurement.amount_10k_yuan`` …), ``t3.<row>.<column>`` with the row and column codes of the API
  (``t3.new.total``, ``t3.carried_in.natural_person``, ``t3.withheld.third_party.total``,
  ``t3.total.org.business``, ``t3.carried_out.total``; 2019 has ``t3.other.*`` for （六）其他处理 …),
  ``t4.<group>.<column>`` (``t4.reconsideration.total``, ``t4.litigation_direct.upheld`` …) and
  ``litigation_total`` (both kinds of litigation);
* 2014 form: ``f14.<row key>`` for every value row (``f14.published``, ``f14.received``,
  ``f14.answer_not_exist``, ``f14.fees`` …) and ``published_count``.

An indicator nobody entered (an empty cell in the table) is written as “（未填报）” in the text.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from gongkai.core.errors import DomainError
from gongkai.reports import legacy2014 as f14
from gongkai.reports.formats import LAYOUTS
from gongkai.reports.layout import APPEAL_COLUMNS, APPEAL_GROUPS, COLUMN_LABELS, COLUMNS, SEP

MAX_SECTION_CHARS = 20_000
PROMPT = "【请填写"  # default wording a clerk has to replace; publication refuses while one is left
NOT_ENTERED = "（未填报）"
_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.S)
_NAME = re.compile(r"^[A-Za-z0-9_.]+$")


@dataclass(frozen=True)
class Section:
    key: str
    heading: str  # "" for the opening paragraph, which has none
    table: str = ""  # the table that follows the text: table2 / table3 / table4


# the six sections of the 2019 and 2021 formats (the same headings in both notices)
_SECTIONS_SINCE_2019 = (
    Section("preamble", ""),
    Section("overview", "一、总体情况"),
    Section("proactive", "二、主动公开政府信息情况", "table2"),
    Section("requests", "三、收到和处理政府信息公开申请情况", "table3"),
    Section("appeals", "四、政府信息公开行政复议、行政诉讼情况", "table4"),
    Section("problems", "五、存在的主要问题及改进情况"),
    Section("other", "六、其他需要报告的事项"),
)
SECTIONS: dict[str, tuple[Section, ...]] = {
    "2021": _SECTIONS_SINCE_2019,
    "2019": _SECTIONS_SINCE_2019,
    # the sections of the reports published up to 2018 (the seed report), the form as the annex
    "2014": (
        Section("preamble", ""),
        Section("overview", "一、概述"),
        Section("proactive", "二、主动公开政府信息情况"),
        Section("requests", "三、依申请公开政府信息情况"),
        Section("fees", "四、政府信息公开的收费及减免情况"),
        Section("appeals", "五、因政府信息公开申请行政复议、提起行政诉讼的情况"),
        Section("problems", "六、政府信息公开工作存在的主要问题及改进措施"),
    ),
}

DEFAULTS: dict[str, dict[str, str]] = {
    "2021": {
        "preamble": (
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》"
            "（国办公开办函〔2021〕30号）要求编制。本报告所列数据的统计期限为{{ year }}年1月1日至{{ year }}年12月31日。"
        ),
        "overview": (
            "{{ year }}年，{{ unit_name }}认真贯彻落实《条例》，坚持以公开为常态、不公开为例外，全年主动公开政府信息"
            "{{ published_count }}条，新收政府信息公开申请{{ t3.new.total }}件。\n"
            "【请填写：主动公开、依申请公开、政府信息管理、平台建设、监督保障等方面的工作情况】"
        ),
        "proactive": (
            "{{ year }}年，本年制发规章{{ t2.regulations.issued }}件、行政规范性文件{{ t2.normative_documents.issued }}件，"
            "废止行政规范性文件{{ t2.normative_documents.repealed }}件，现行有效行政规范性文件"
            "{{ t2.normative_documents.in_force }}件。具体情况见下表。"
        ),
        "requests": (
            "{{ year }}年，本年新收政府信息公开申请{{ t3.new.total }}件，上年结转{{ t3.carried_in.total }}件；"
            "本年度办结{{ t3.total.total }}件，其中予以公开{{ t3.disclosed.total }}件，部分公开{{ t3.partial.total }}件；"
            "结转下年度继续办理{{ t3.carried_out.total }}件。具体情况见下表。"
        ),
        "appeals": (
            "{{ year }}年，因政府信息公开引起行政复议{{ t4.reconsideration.total }}件、行政诉讼{{ litigation_total }}件。"
            "具体情况见下表。"
        ),
        "problems": "【请填写：本年度工作存在的主要问题，以及上一年度问题的改进情况】",
        "other": "【请填写：依据《政府信息公开信息处理费管理办法》收取信息处理费的情况，以及其他需要报告的事项；没有的写“无”】",
    },
    "2019": {
        "preamble": (
            "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式"
            "（试行）》（国办公开办函〔2019〕60号）要求编制。本报告所列数据的统计期限为{{ year }}年1月1日至{{ year }}年12月31日。"
        ),
        "overview": (
            "{{ year }}年，{{ unit_name }}认真贯彻落实《条例》，坚持以公开为常态、不公开为例外，全年主动公开政府信息"
            "{{ published_count }}条，新收政府信息公开申请{{ t3.new.total }}件。\n"
            "【请填写：主动公开、依申请公开、政府信息管理、平台建设、监督保障等方面的工作情况】"
        ),
        "proactive": (
            "{{ year }}年，本年新制作规范性文件{{ t2.normative_documents.made }}件，新公开规范性文件"
            "{{ t2.normative_documents.published }}件，对外公开规范性文件总数{{ t2.normative_documents.public_total }}件。"
            "具体情况见下表。"
        ),
        "requests": (
            "{{ year }}年，本年新收政府信息公开申请{{ t3.new.total }}件，上年结转{{ t3.carried_in.total }}件；"
            "本年度办结{{ t3.total.total }}件，其中予以公开{{ t3.disclosed.total }}件，部分公开{{ t3.partial.total }}件；"
            "结转下年度继续办理{{ t3.carried_out.total }}件。具体情况见下表。"
        ),
        "appeals": (
            "{{ year }}年，因政府信息公开引起行政复议{{ t4.reconsideration.total }}件、行政诉讼{{ litigation_total }}件。"
            "具体情况见下表。"
        ),
        "problems": "【请填写：本年度工作存在的主要问题，以及上一年度问题的改进情况】",
        "other": "【请填写：其他需要报告的事项；没有的写“无”】",
    },
    "2014": {
        "preamble": (
            "本年报根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。本年报中所列数据统计时间截至"
            "{{ year }}年12月31日。"
        ),
        "overview": "【请填写：本年度政府信息公开工作概况】",
        "proactive": "{{ year }}年，主动公开政府信息{{ f14.published }}条，其中主动公开规范性文件{{ f14.normative_published }}条。",
        "requests": (
            "{{ year }}年，共收到政府信息公开申请{{ f14.received }}件，办结{{ f14.closed }}件，其中按时办结"
            "{{ f14.closed_on_time }}件、延期办结{{ f14.closed_extended }}件。"
        ),
        "fees": "{{ year }}年，依申请公开信息收取的费用{{ f14.fees }}万元。",
        "appeals": "{{ year }}年，因政府信息公开引起行政复议{{ f14.reconsideration }}件，行政诉讼{{ f14.litigation }}件。",
        "problems": "【请填写：存在的主要问题及改进措施】",
    },
}


class NarrativeInvalid(DomainError):
    """The text cannot be saved; ``errors`` maps each section key to what is wrong with it."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("年度报告正文有误：" + "；".join(self.errors.values()))


def sections(fmt: str) -> tuple[Section, ...]:
    return SECTIONS[str(fmt)]


def default_narrative(fmt: str) -> dict[str, str]:
    return dict(DEFAULTS[str(fmt)])


# --- placeholders -----------------------------------------------------------------------------------

def catalogue(fmt: str) -> list[tuple[str, str]]:
    """Every placeholder of the format with what it stands for, in the order of the tables."""
    out = [("year", "报告年度"), ("next_year", "报告年度的下一年"), ("unit_name", "机构名称"),
           ("published_count", "本年主动公开政府信息数（条）")]
    if str(fmt) == "2014":
        out += [(f"f14.{row.key}", f"{row.label}（{row.unit}）") for row in f14.ROWS if row.kind == "value"]
        return out
    layout = LAYOUTS[str(fmt)]
    for block in layout.table2:
        for row, label in block.rows.items():
            out += [(f"t2.{row}.{column}", SEP.join(("表二", block.item, label, text)))
                    for column, text in block.columns.items()]
    for row in layout.rows:
        out += [(f"t3.{row}.{column}", SEP.join(("表三", layout.row_labels[row], COLUMN_LABELS[column])))
                for column in COLUMNS]
    for group, label in APPEAL_GROUPS.items():
        out += [(f"t4.{group}.{column}", SEP.join(("表四", label, text))) for column, text in APPEAL_COLUMNS.items()]
    out.append(("litigation_total", "表四 · 行政诉讼总计（未经复议直接起诉与复议后起诉之和）"))
    return out


def known_names(fmt: str) -> frozenset[str]:
    return frozenset(name for name, _ in catalogue(fmt))


def number_text(value) -> str:
    """A number as the report prints it: integers plainly, amounts without trailing zeros."""
    if value is None or value == "":
        return NOT_ENTERED
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    amount = Decimal(str(value))
    if amount == amount.to_integral_value():
        return str(amount.quantize(Decimal(1)))
    return format(amount.normalize(), "f")


def values(data: dict) -> dict[str, str]:
    """Every placeholder of ``data``'s format with its text (``data`` as :func:`.data.report_data` gives)."""
    out = {"year": str(data["year"]), "next_year": str(data["year"] + 1), "unit_name": data.get("unit_name", ""),
           "published_count": number_text(data.get("published_count"))}
    if str(data["format"]) == "2014":
        for row in data["rows"]:
            if row.get("key") in f14.BY_KEY and f14.BY_KEY[row["key"]].kind == "value":
                out[f"f14.{row['key']}"] = number_text(row["value"])
        return out
    for table, prefix in (("table2", "t2"), ("table3", "t3"), ("table4", "t4")):
        for row, cells in data[table].items():
            for column, value in cells.items():
                out[f"{prefix}.{row}.{column}"] = number_text(value)
    t4 = data["table4"]
    out["litigation_total"] = number_text(
        (t4["litigation_direct"]["total"] or 0) + (t4["litigation_after_reconsideration"]["total"] or 0))
    return out


def problems(fmt: str, text: str) -> list[str]:
    """What is wrong with the placeholders of one section's text (empty when all is well)."""
    known = known_names(fmt)
    found = []
    for match in _PLACEHOLDER.finditer(text):
        name = match.group(1).strip()
        if not name:
            found.append("占位符“{{ }}”中没有名称")
        elif not _NAME.match(name) or name not in known:
            found.append(f"未知的占位符“{{{{ {name} }}}}”")
    rest = _PLACEHOLDER.sub("", text)
    if "{{" in rest or "}}" in rest:
        found.append("“{{”与“}}”不成对，占位符应写作 {{ 名称 }}")
    return list(dict.fromkeys(found))


def check(fmt: str, narrative) -> dict[str, str]:
    """Check a whole narrative; raise :class:`NarrativeInvalid` with every problem at once.

    Returns the narrative with every section of the format present (missing ones empty) and the text
    normalised (line endings, trailing spaces).
    """
    if not isinstance(narrative, dict):
        raise NarrativeInvalid({"": "正文应为以部分代码为键的对象"})
    by_key = {s.key: s for s in sections(fmt)}
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    for key, text in narrative.items():
        if key not in by_key:
            errors[key] = f"没有代码为“{key}”的部分"
            continue
        name = by_key[key].heading or "导语"
        if not isinstance(text, str):
            errors[key] = f"{name}应为文字"
            continue
        text = "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()
        if len(text) > MAX_SECTION_CHARS:
            errors[key] = f"{name}超过 {MAX_SECTION_CHARS} 字"
            continue
        found = problems(fmt, text)
        if found:
            errors[key] = f"{name}：{'、'.join(found)}"
            continue
        cleaned[key] = text
    if errors:
        raise NarrativeInvalid(errors)
    return {key: cleaned.get(key, "") for key in by_key}


def fill(text: str, names: dict[str, str]) -> str:
    """The text with every placeholder replaced. Text that passed :func:`check` has no unknown name;
    one that slipped through anyway (an old version, a format change) raises rather than vanish."""

    def replace(match: re.Match) -> str:
        name = match.group(1).strip()
        if name not in names:
            raise NarrativeInvalid({"": f"未知的占位符“{{{{ {name} }}}}”"})
        return names[name]

    return _PLACEHOLDER.sub(replace, text)


def paragraphs(text: str) -> list[str]:
    """One paragraph a non-empty line."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def prompts_left(narrative: dict[str, str], fmt: str) -> list[str]:
    """The headings of the sections that still hold default wording to replace (【请填写…】)."""
    return [s.heading or "导语" for s in sections(fmt) if PROMPT in narrative.get(s.key, "")]
