"""Reference data integrators map their codes to: units and the national vocabularies."""

from ninja import Router, Schema

from gongkai.disclosures.models import Term
from gongkai.disclosures.taxonomy import Category, Channel, DisclosureMode, Validity, Vocabulary
from gongkai.orgs.models import Unit

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
