"""``gongkai report``: JSON to a file or stdout (the document formats are tested with gongkai.annual)."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from report_factories import InfoRequestFactory


def test_json_to_stdout_with_the_violations_on_stderr(tree):
    InfoRequestFactory(unit=tree["a"], received_on=dt.date(2018, 5, 1), closed_on=dt.date(2018, 6, 1),
                       extension_days=0, on_time=False)  # late without an extension: no row of the old form
    out, err = io.StringIO(), io.StringIO()
    call_command("report", "--unit", "GOV", "--year", "2018", "--rollup", stdout=out, stderr=err)
    report = json.loads(out.getvalue())
    assert report["format"] == "2014" and report["rollup"] is True
    assert [v["row"] for v in report["violations"]] == ["closed"]
    assert "按时办结数" in err.getvalue()


@pytest.mark.parametrize(("year", "fmt"), [(2018, "2014"), (2019, "2019"), (2020, "2019"), (2021, "2021")])
def test_the_format_is_the_years(tree, year, fmt):
    out = io.StringIO()
    call_command("report", "--unit", "GOV", "--year", str(year), stdout=out, stderr=io.StringIO())
    assert json.loads(out.getvalue())["format"] == fmt


def test_a_format_that_does_not_fit_the_year_is_refused(tree):
    with pytest.raises(CommandError, match="2020年度的报告应使用2019年格式（国办公开办函〔2019〕60号）"):
        call_command("report", "--unit", "GOV", "--year", "2020", "--format", "2021", stdout=io.StringIO())


def test_an_unknown_output_format_is_refused(tree, tmp_path):
    with pytest.raises(CommandError, match="无法识别的输出格式"):
        call_command("report", "--unit", "GOV", "--year", "2021", "--out", str(tmp_path / "report.txt"))
    assert not (tmp_path / "report.txt").exists()


def test_unknown_unit_and_bad_year(tree):
    with pytest.raises(CommandError, match="不存在"):
        call_command("report", "--unit", "NOPE", "--year", "2021")
    with pytest.raises(CommandError, match="年度"):
        call_command("report", "--unit", "GOV", "--year", "1990", stdout=io.StringIO())
