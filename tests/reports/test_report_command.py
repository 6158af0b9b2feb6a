"""``gongkai report``: JSON to a file or stdout; the document formats are not there yet."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from report_factories import InfoRequestFactory


def test_json_to_stdout_with_the_violations_on_stderr(tree):
    InfoRequestFactory(unit=tree["a"], received_on=dt.date(2021, 5, 1), closed_on=dt.date(2021, 6, 1),
                       extension_days=0, on_time=False)  # late without an extension: no row of the old form
    out, err = io.StringIO(), io.StringIO()
    call_command("report", "--unit", "GOV", "--year", "2021", "--format", "2014", "--rollup", stdout=out, stderr=err)
    report = json.loads(out.getvalue())
    assert report["format"] == "2014" and report["rollup"] is True
    assert [v["row"] for v in report["violations"]] == ["closed"]
    assert "按时办结数" in err.getvalue()


@pytest.mark.parametrize("name", ["report.docx", "report.pdf", "report.xlsx"])
def test_document_formats_are_announced_not_faked(tree, tmp_path, name):
    with pytest.raises(CommandError, match="暂不支持"):
        call_command("report", "--unit", "GOV", "--year", "2021", "--out", str(tmp_path / name))
    assert not (tmp_path / name).exists()


def test_unknown_unit_and_bad_year(tree):
    with pytest.raises(CommandError, match="不存在"):
        call_command("report", "--unit", "NOPE", "--year", "2021")
    with pytest.raises(CommandError, match="年度"):
        call_command("report", "--unit", "GOV", "--year", "1990", stdout=io.StringIO())
