"""The shared tree (tests/conftest.py: GOV ├ DEPT-A ├ DEPT-B) plus a town with an office of its own:
GOV └ TOWN (kind town) └ TOWN-X, so that roll-ups with and without towns differ."""

import pytest

from gongkai.orgs.services import unit_ensure


@pytest.fixture
def tree(units):
    town, _ = unit_ensure(code="TOWN", name="测试区某某镇人民政府", parent_code="GOV", kind="town")
    town_office, _ = unit_ensure(code="TOWN-X", name="某某镇便民服务中心", parent_code="TOWN")
    return {**units, "town": town, "town_x": town_office}
