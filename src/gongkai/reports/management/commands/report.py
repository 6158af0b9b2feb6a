"""``gongkai report``: the annual-report tables of a unit, computed from the records, as JSON.

    gongkai report --unit ZH --year 2014 --rollup --out zh-2014.json   (2014 form; towns as ZH's setting says)
    gongkai report --unit ZH-FGJ --year 2025                          (2021 format, printed to stdout)
    gongkai report --unit ZH --year 2020 --rollup --no-towns --out zh-2020.xlsx   (2019 format)

The format is the year's (:func:`gongkai.reports.formats.format_for`: up to 2018 the 2014 form, 2019–2020
the 2019 format, from 2021 the 2021 format); ``--format`` that does not fit the year is refused.

The violations the validator finds are part of the output and summed up on stderr; the exit status is 0
either way (a table that breaks an identity is a finding, not a failure of the command). ``--out`` with
.docx, .pdf or .xlsx writes the report document instead (:func:`gongkai.annual.documents.export`: the
unit's report text if one was started, the default wording otherwise, marked as a draft).
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.errors import DomainError
from gongkai.reports.selectors import FORMATS, annual_report, unit_by_code

FILES = {".docx": "docx", ".pdf": "pdf", ".xlsx": "xlsx"}  # written by gongkai.annual.documents.export


class Command(BaseCommand):
    help = "按记录计算年度报告统计表（格式按年度自动选择：2018年及以前为2014年统计表，2019—2020年为2019年格式，2021年起为2021年格式），输出 JSON。"

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="机构代码，例如 ZH")
        parser.add_argument("--year", required=True, type=int, help="统计年度")
        parser.add_argument("--format", default=None, choices=FORMATS,
                            help="2021、2019 或 2014；不给则按年度自动选择，与年度不符的格式将被拒绝")
        parser.add_argument("--rollup", action="store_true", help="汇总本机构及其下级机构")
        towns = parser.add_mutually_exclusive_group()
        towns.add_argument("--towns", dest="towns", action="store_true", default=None,
                           help="汇总时包括乡镇（街道）；不给则按该机构“年度报告汇总乡镇（街道）”的设置")
        towns.add_argument("--no-towns", dest="towns", action="store_false", help="汇总时不包括乡镇（街道）")
        parser.add_argument("--out", help="输出文件（.json、.docx、.pdf 或 .xlsx）；不给则输出 JSON 到标准输出")

    def handle(self, *args, unit: str, year: int, format: str | None, rollup: bool, towns: bool | None,
               out: str | None, **options):
        target = Path(out) if out else None
        if target is not None:
            suffix = target.suffix.lower()
            if suffix != ".json" and suffix not in FILES:
                raise CommandError(f"无法识别的输出格式“{target.suffix or target.name}”，"
                                   "请使用 .json、.docx、.pdf 或 .xlsx。")
        try:
            report = annual_report(unit=unit_by_code(unit), year=year, fmt=format, rollup=rollup,
                                   include_towns=towns)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        text = json.dumps(report, ensure_ascii=False, indent=2)
        if target is None:
            self.stdout.write(text)
        elif target.suffix.lower() in FILES:
            from gongkai.annual.documents import export

            target.write_bytes(export(report, FILES[target.suffix.lower()]))
            self.stderr.write(f"已写入 {target}")
        else:
            target.write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"已写入 {target}")
        found = report["violations"]
        if found:
            self.stderr.write(f"校验发现 {len(found)} 处不符：")
            for violation in found:
                self.stderr.write(f"  · {violation['message']}")
        else:
            self.stderr.write("校验通过：各项勾稽关系均成立。")
