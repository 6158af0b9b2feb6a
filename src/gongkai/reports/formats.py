"""Which national format a year's annual report uses (RULES.md §4), decided in one place.

* up to 2018 — the legacy statistics form (政府信息公开工作情况统计表, 国办发〔2014〕32号): ``"2014"``;
* 2019 and 2020 — 《中华人民共和国政府信息公开工作年度报告格式（试行）》 (国办公开办函〔2019〕60号),
  written for the revised regulations in force from 15 May 2019: ``"2019"``;
* from 2021 — 《中华人民共和国政府信息公开工作年度报告格式》 (国办公开办函〔2021〕30号): ``"2021"``.

Every surface (API, exports, command, validator, report documents) takes the format from the year when
none is given and refuses one that does not fit the year, with the same message.
"""

from gongkai.core.errors import DomainError

from . import annual2019, annual2021
from .layout import Layout

FORMATS: tuple[str, ...] = ("2021", "2019", "2014")
FORMAT_NAMES: dict[str, str] = {
    "2021": "2021年格式（国办公开办函〔2021〕30号）",
    "2019": "2019年格式（国办公开办函〔2019〕60号）",
    "2014": "2014年统计表（国办发〔2014〕32号）",
}
LAST_LEGACY_YEAR = 2018
LAST_2019_YEAR = 2020
# the tables of the two formats that have them (the 2014 form is a list of rows: gongkai.reports.legacy2014)
LAYOUTS: dict[str, Layout] = {"2021": annual2021.LAYOUT, "2019": annual2019.LAYOUT}


def format_for(year: int) -> str:
    """The format of the report on ``year``."""
    if year <= LAST_LEGACY_YEAR:
        return "2014"
    if year <= LAST_2019_YEAR:
        return "2019"
    return "2021"


def _years_of(fmt: str) -> str:
    return {"2014": f"{LAST_LEGACY_YEAR}年及以前", "2019": f"{LAST_LEGACY_YEAR + 1}—{LAST_2019_YEAR}年",
            "2021": f"{LAST_2019_YEAR + 1}年起"}[fmt]


def format_check(fmt: str | None, *, year: int | None) -> str:
    """The format to use: ``fmt`` when it fits ``year``, the year's format when ``fmt`` is empty.

    Raises :class:`DomainError` (HTTP 400) for an unknown format, for a format that does not fit the year,
    and when neither is given. ``year`` None: any known format is accepted (a table checked on its own).
    """
    fmt = "" if fmt is None else str(fmt).strip()
    if not fmt:
        if year is None:
            raise DomainError("请给出报表格式（format：2021、2019 或 2014）或统计年度（year）。")
        return format_for(year)
    if fmt not in FORMATS:
        raise DomainError(f"报表格式“{fmt}”无效，应为 2021（国办公开办函〔2021〕30号）、2019（国办公开办函〔2019〕60号）"
                          "或 2014（国办发〔2014〕32号统计表）；不填则按年度自动选择。")
    if year is not None and fmt != format_for(year):
        expected = format_for(year)
        raise DomainError(f"{year}年度的报告应使用{FORMAT_NAMES[expected]}，不能使用{FORMAT_NAMES[fmt]}"
                          f"（该格式用于{_years_of(fmt)}的报告）。不填格式即按年度自动选择。")
    return fmt
