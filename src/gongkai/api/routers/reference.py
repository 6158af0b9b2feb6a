"""Reference data integrators map their codes to: units and the national vocabularies; and a unit's
settings (remedies, report roll-up, sign-off), read by its staff and set by the coordinator."""

from ninja import Router, Schema, Status

from gongkai.api.auth import bearer
from gongkai.core.errors import NotFound
from gongkai.disclosures.models import Term
from gongkai.disclosures.taxonomy import Category, Channel, DisclosureMode, Validity, Vocabulary
from gongkai.orgs import access
from gongkai.orgs.models import Unit
from gongkai.orgs.services import (
    SETTINGS_FIELDS,
    UnitSettingsInvalid,
    unit_remedies_suggest,
    unit_settings_update,
)

router = Router(tags=["reference"])


class UnitOut(Schema):
    code: str
    name: str
    parent: str | None
    kind: str


class CodeName(Schema):
    code: str
    name: str


class TaxonomiesOut(Schema):
    topics: list[CodeName]
    genres: list[CodeName]
    categories: list[CodeName]
    disclosure_modes: list[CodeName]
    validity: list[CodeName]
    channels: list[CodeName]


@router.get("/units", response=list[UnitOut])
def unit_list(request):
    return [
        {"code": code, "name": name, "parent": parent, "kind": kind}
        for code, name, parent, kind in Unit.objects.order_by("path").values_list("code", "name", "parent__code", "kind")
    ]


def _pairs(choices) -> list[dict]:
    return [{"code": code, "name": str(name)} for code, name in choices]


@router.get("/taxonomies", response=TaxonomiesOut)
def taxonomies(request):
    terms = Term.objects.filter(active=True)
    return {
        "topics": _pairs(terms.filter(vocabulary=Vocabulary.TOPIC).values_list("code", "name")),
        "genres": _pairs(terms.filter(vocabulary=Vocabulary.GENRE).values_list("code", "name")),
        "categories": _pairs(Category.choices),
        "disclosure_modes": _pairs(DisclosureMode.choices),
        "validity": _pairs(Validity.choices),
        "channels": _pairs(Channel.choices),
    }


# --- a unit's settings ----------------------------------------------------------------------------------

class SuggestionOut(Schema):
    reconsideration_body: str
    court: str
    notes: list[str]


class UnitSettingsOut(Schema):
    code: str
    name: str
    kind: str
    reconsideration_body: str
    court: str
    report_includes_towns: bool
    signoff_delegated: list[str]
    letters_allowed: bool  # both remedies set: the unit's reply letters can be issued
    suggestion: SuggestionOut  # what the unit tree says (empty where it cannot tell)


class UnitSettingsPatch(Schema):
    reconsideration_body: str | None = None
    court: str | None = None
    report_includes_towns: bool | None = None
    signoff_delegated: list[str] | None = None


class SettingsErrorOut(Schema):
    detail: str
    errors: dict[str, str]


def _unit_for(request, code: str) -> Unit:
    """A unit the caller holds a role in (or coordinates from above); any other is "not found"."""
    unit = access.units_for(request.auth, "unit.view").filter(code=code).first()
    if unit is None:
        raise NotFound(f"机构“{code}”不存在，或不在您的管理范围内。")
    return unit


def _settings(unit: Unit) -> dict:
    suggestion = unit_remedies_suggest(unit=unit)
    return {
        "code": unit.code, "name": unit.name, "kind": unit.kind,
        **{key: getattr(unit, key) for key in SETTINGS_FIELDS},
        "letters_allowed": bool(unit.reconsideration_body and unit.court),
        "suggestion": {"reconsideration_body": suggestion.reconsideration_body, "court": suggestion.court,
                       "notes": list(suggestion.notes)},
    }


@router.get("/units/{code}/settings", response=UnitSettingsOut, auth=bearer, summary="机构设置（救济途径等）")
def unit_settings_get(request, code: str):
    """The unit's remedies named in its reply letters, whether its annual report rolls up its towns, which
    letters its reviewer may sign off, and the remedies the unit tree suggests. Any role in the unit."""
    return _settings(_unit_for(request, code))


@router.patch("/units/{code}/settings", response={200: UnitSettingsOut, 400: SettingsErrorOut}, auth=bearer,
              summary="修改机构设置")
def unit_settings_patch(request, code: str, payload: UnitSettingsPatch):
    """Only the fields given change. The coordinator of the unit or of a unit above it (403 otherwise);
    400 with ``errors`` by field for a name over 100 characters, towns rolled up by a unit that is not a
    people's government, or an unknown letter kind."""
    unit = _unit_for(request, code)
    given = payload.dict(exclude_unset=True)
    values = {key: given[key] if given.get(key) is not None else getattr(unit, key) for key in SETTINGS_FIELDS}
    try:
        unit = unit_settings_update(unit=unit, actor=request.auth, **values)
    except UnitSettingsInvalid as exc:
        return Status(400, {"detail": exc.message, "errors": exc.errors})
    return _settings(unit)
