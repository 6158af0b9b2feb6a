"""A unit's remedies and report settings (行政复议机关, 管辖人民法院, 年报汇总乡镇, 签发授权): the service and
the suggestion from the unit tree."""

import pytest

from gongkai.core.errors import AccessDenied
from gongkai.orgs.models import Unit, UnitEvent
from gongkai.orgs.services import (
    UnitSettingsInvalid,
    staff_ensure,
    unit_ensure,
    unit_remedies_suggest,
    unit_settings_update,
)

PASSWORD = "Gongkai#2026"


def settings_for(unit: Unit, **overrides) -> dict:
    values = {"reconsideration_body": unit.reconsideration_body, "court": unit.court,
              "report_includes_towns": unit.report_includes_towns, "signoff_delegated": list(unit.signoff_delegated)}
    return {**values, **overrides}


# --- the service -------------------------------------------------------------------------------------

def test_the_coordinator_above_sets_a_department_and_the_change_is_recorded(units, staff):
    dept = units["a"]
    before = settings_for(dept)
    saved = unit_settings_update(unit=dept, actor=staff["coord"], reconsideration_body=" 某某区人民政府 ",
                                 court="某某区人民法院", report_includes_towns=False,
                                 signoff_delegated=["fee_notice", "clarification", "clarification"])
    assert (saved.reconsideration_body, saved.court) == ("某某区人民政府", "某某区人民法院")
    # known kinds only, once each, in the order of the letter kinds
    assert saved.signoff_delegated == ["clarification", "fee_notice"]
    dept.refresh_from_db()
    assert dept.court == "某某区人民法院"
    event = UnitEvent.objects.get(unit=dept, action="settings_update")
    assert event.actor == staff["coord"]
    assert event.data == {"before": before, "after": settings_for(dept)}
    assert event.data["after"]["signoff_delegated"] == ["clarification", "fee_notice"]


def test_a_government_may_roll_up_its_towns(units, staff):
    gov = unit_settings_update(unit=units["gov"], actor=staff["coord"], **settings_for(
        units["gov"], reconsideration_body="某某市人民政府", court="某某市中级人民法院", report_includes_towns=True))
    gov.refresh_from_db()
    assert gov.report_includes_towns is True


def test_nothing_changed_writes_no_event(units, staff):
    unit_settings_update(unit=units["a"], actor=staff["coord"], **settings_for(units["a"]))
    assert not UnitEvent.objects.filter(action="settings_update").exists()


@pytest.mark.parametrize("person", ["op_a", "rev_a", "app_a"])
def test_only_a_coordinator_may_change_the_settings(units, staff, person):
    before = settings_for(units["a"])
    with pytest.raises(AccessDenied, match="协调办"):
        unit_settings_update(unit=units["a"], actor=staff[person], **settings_for(units["a"], court="某法院"))
    units["a"].refresh_from_db()
    assert settings_for(units["a"]) == before


def test_a_coordinator_of_one_department_cannot_change_another(units, staff):
    coordinator_a, _ = staff_ensure(username="coord_a", password=PASSWORD, grants=[("DEPT-A", "coordinator")])
    unit_settings_update(unit=units["a"], actor=coordinator_a, **settings_for(units["a"], court="某某区人民法院"))
    with pytest.raises(AccessDenied):
        unit_settings_update(unit=units["b"], actor=coordinator_a, **settings_for(units["b"], court="某某区人民法院"))
    with pytest.raises(AccessDenied):  # nor the government above it
        unit_settings_update(unit=units["gov"], actor=coordinator_a, **settings_for(units["gov"], court="某法院"))


def test_every_problem_is_reported_at_once_in_chinese(units, staff):
    with pytest.raises(UnitSettingsInvalid) as caught:
        unit_settings_update(unit=units["a"], actor=staff["coord"], reconsideration_body="某" * 101, court="法" * 120,
                             report_includes_towns=True, signoff_delegated=["clarification", "summons"])
    errors = caught.value.errors
    assert set(errors) == {"reconsideration_body", "court", "report_includes_towns", "signoff_delegated"}
    assert errors["reconsideration_body"] == "行政复议机关名称不能超过 100 个字（现为 101 个字）。"
    assert "管辖人民法院名称不能超过 100 个字" in errors["court"]
    assert errors["report_includes_towns"] == ("只有人民政府的年度报告才汇总乡镇（街道）；测试区发展和改革局是政府部门，"
                                               "不能设置此项。")
    assert errors["signoff_delegated"].startswith("未知的文书类型：summons")
    assert caught.value.status_code == 400 and "summons" in caught.value.message
    assert not UnitEvent.objects.filter(action="settings_update").exists()


def test_exactly_a_hundred_characters_is_allowed(units, staff):
    saved = unit_settings_update(unit=units["a"], actor=staff["coord"], **settings_for(units["a"], court="法" * 100))
    assert len(saved.court) == 100


def test_a_town_cannot_roll_up_towns(units, staff):
    town, _ = unit_ensure(code="TOWN", name="测试区某某街道办事处", parent_code="GOV", kind="town")
    with pytest.raises(UnitSettingsInvalid, match="测试区某某街道办事处是乡镇（街道）"):
        unit_settings_update(unit=town, actor=staff["coord"], **settings_for(town, report_includes_towns=True))


@pytest.mark.parametrize("value", ["clarification", [{"kind": "reply"}], None])
def test_the_delegated_letters_must_be_a_list_of_kinds(units, staff, value):
    with pytest.raises(UnitSettingsInvalid) as caught:
        unit_settings_update(unit=units["a"], actor=staff["coord"], **settings_for(units["a"], signoff_delegated=value))
    assert set(caught.value.errors) == {"signoff_delegated"}


# --- suggestions from the tree ----------------------------------------------------------------------

@pytest.fixture
def ningbo(db):
    """宁波市人民政府 ├ 宁波市镇海区人民政府 ├ departments, a street, vertical bodies
                      ├ 余姚市人民政府 (a county-level city) ├ 余姚市教育局
                      └ 象山县人民政府"""
    made = {}
    for code, name, parent, kind in (
        ("NB", "宁波市人民政府", None, "government"),
        ("NB-JYJ", "宁波市教育局", "NB", "department"),
        ("ZH", "宁波市镇海区人民政府", "NB", "government"),
        ("ZH-FGJ", "镇海区发展和改革局", "ZH", "department"),
        ("ZH-GAFJ", "宁波市公安局镇海分局", "ZH", "department"),
        ("ZH-SFJ", "镇海区司法局", "ZH", "department"),
        ("ZH-ZBS", "镇海区招宝山街道办事处", "ZH", "town"),
        ("ZH-SW", "国家税务总局宁波市镇海区税务局", "ZH", "department"),
        ("ZH-QX", "宁波市镇海区气象局", "ZH", "department"),
        ("NB-HG", "宁波海关", "NB", "department"),
        ("YY", "余姚市人民政府", "NB", "government"),
        ("YY-JYJ", "余姚市教育局", "YY", "department"),
        ("XS", "象山县人民政府", "NB", "government"),
        ("XS-MZJ", "象山县民政局", "XS", "department"),
    ):
        made[code], _ = unit_ensure(code=code, name=name, parent_code=parent, kind=kind)
    return made


def suggest(unit: Unit) -> tuple[str, str]:
    found = unit_remedies_suggest(unit=unit)
    return found.reconsideration_body, found.court


def test_departments_and_streets_answer_to_their_government_and_its_basic_court(ningbo):
    for code in ("ZH-FGJ", "ZH-GAFJ", "ZH-SFJ", "ZH-ZBS"):
        assert suggest(ningbo[code]) == ("宁波市镇海区人民政府", "宁波市镇海区人民法院"), code
    assert suggest(ningbo["YY-JYJ"]) == ("余姚市人民政府", "余姚市人民法院")
    assert suggest(ningbo["XS-MZJ"]) == ("象山县人民政府", "象山县人民法院")
    notes = unit_remedies_suggest(unit=ningbo["ZH-GAFJ"]).notes
    assert any("第二十四条第四款" in note for note in notes)  # a city department's branch: either government
    assert any("第二十八条" in note for note in unit_remedies_suggest(unit=ningbo["ZH-SFJ"]).notes)


def test_a_county_level_government_answers_to_the_city_and_its_intermediate_court(ningbo):
    assert suggest(ningbo["ZH"]) == ("宁波市人民政府", "宁波市中级人民法院")
    assert suggest(ningbo["YY"]) == ("宁波市人民政府", "宁波市中级人民法院")
    assert any("第十五条第一项" in note for note in unit_remedies_suggest(unit=ningbo["ZH"]).notes)


def test_a_district_government_alone_in_the_tree_is_read_from_its_name(db):
    zh, _ = unit_ensure(code="ZH", name="宁波市镇海区人民政府", kind="government")
    assert suggest(zh) == ("宁波市人民政府", "宁波市中级人民法院")


def test_what_the_tree_cannot_tell_is_left_empty_and_said(ningbo, units):
    # vertically-led bodies: the upper-level department is not in the tree
    tax = unit_remedies_suggest(unit=ningbo["ZH-SW"])
    assert (tax.reconsideration_body, tax.court) == ("", "宁波市镇海区人民法院")
    assert "第二十七条" in tax.notes[0] and "上一级主管部门" in tax.notes[0]
    assert suggest(ningbo["ZH-QX"])[0] == ""
    customs = unit_remedies_suggest(unit=ningbo["NB-HG"])
    assert customs.court == "" and any("中级人民法院" in note for note in customs.notes)
    # the city itself: the province is not in the tree; its departments' basic court depends on where they sit
    assert suggest(ningbo["NB"]) == ("", "")
    assert suggest(ningbo["NB-JYJ"]) == ("宁波市人民政府", "")
    # names that say nothing about the level or the city
    assert suggest(units["gov"]) == ("", "")
    assert suggest(units["a"]) == ("测试区人民政府", "")
    assert all(unit_remedies_suggest(unit=units["a"]).notes)


def test_every_inferred_court_asks_to_be_checked(ningbo):
    for unit in ningbo.values():
        found = unit_remedies_suggest(unit=unit)
        assert bool(found.court) == any("请核对" in note for note in found.notes), unit.code
