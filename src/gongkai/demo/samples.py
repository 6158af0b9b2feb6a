"""Items in every state of the review workflow, made through the real services so that their history,
scanner findings and due dates are exactly what the product would produce.

In each sample unit: a fresh draft, an overdue draft (old 成文日期, so the Art. 26 list is not empty), an
item waiting for review with scanner findings (a mobile number and an identity card number in the body),
one waiting for review without, and one reviewed and waiting for the approver. The government office also
gets a withdrawn item, an item returned by the reviewer, a finding masked by the reviewer and a 政策解读
draft linked to a published policy.
"""

import datetime as dt
import random

from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.services import disclosure_create
from gongkai.disclosures.taxonomy import NormativeKind, Status
from gongkai.orgs.models import Unit, User
from gongkai.reviews.models import FindingKind, FindingStatus
from gongkai.reviews.services import (
    disclosure_approve,
    disclosure_review,
    disclosure_submit,
    disclosure_withdraw,
    finding_resolve,
)

from . import texts as t
from .kinds import COMMON, Ctx, Draft, Kind
from .people import person_name, username_for
from .units import BY_CODE, OFFICE

SAMPLE_UNITS = (OFFICE, "ZH-FGJ", "ZH-JYJ", "ZH-ZBS")

try:
    from gongkai.core.identifiers import resident_id_check_char
except ImportError:  # pragma: no cover — the shared helper is the one to use when present
    def resident_id_check_char(first17: str) -> str:
        weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
        return "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


def resident_id(rng: random.Random) -> str:
    """A made-up 身份证号码 of a 镇海区 resident with a valid GB 11643 check character."""
    born = dt.date(rng.randint(1955, 1995), rng.randint(1, 12), rng.randint(1, 28))
    first17 = f"330211{born:%Y%m%d}{rng.randint(100, 999)}"
    return first17 + resident_id_check_char(first17)


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}"


def _kind(key: str) -> Kind:
    return next(k for k in COMMON if k.key == key)


def _fields(draft: Draft, kind: Kind, spec, written: dt.date) -> dict:
    fields = {
        "title": draft.title, "body_html": draft.body, "doc_number": draft.doc_number, "written_on": written,
        "topic": draft.topic or kind.topic or spec.topic, "genre": draft.genre or kind.genre,
    }
    category = draft.category if draft.category is not None else kind.category
    if category:  # 工作动态 have no statutory category; the service takes the field only when there is one
        fields["category"] = category
    return fields


def _with_personal_data(rng: random.Random, draft: Draft) -> Draft:
    """The same text with the contact details an operator might forget to remove."""
    extra = t.paras(f"联系人：{person_name(rng)}，联系电话：{mobile(rng)}，身份证号码：{resident_id(rng)}。")
    return Draft(draft.title, draft.body + extra, draft.doc_number, draft.topic, draft.category, draft.genre)


class _Drafter:
    """Drafts items of one unit through the service, as its operator, from the demo's templates."""

    def __init__(self, rng: random.Random, spec, unit: Unit, operator: User, today: dt.date):
        self.rng, self.spec, self.unit, self.operator, self.today = rng, spec, unit, operator, today
        self.counters: dict = {}

    def __call__(self, key: str, written: dt.date, *, personal: bool = False) -> Disclosure:
        kind = _kind(key)
        text = kind.build(Ctx(self.rng, self.spec, written, self.today, self.counters))
        if personal:
            text = _with_personal_data(self.rng, text)
        return disclosure_create(unit=self.unit, actor=self.operator, **_fields(text, kind, self.spec, written))


def create_samples(*, units: dict[str, Unit], users: dict[str, User], today: dt.date, only: set[str]) -> int:
    """Make the workflow samples in the sample units listed in ``only``. Returns the number of items."""
    rng = random.Random(f"samples:{today.year}")  # noqa: S311 — demo data
    made = 0
    for code in SAMPLE_UNITS:
        if code not in only:
            continue
        unit = units[code]
        op, rev, lead = (users[username_for(code, r)] for r in ("operator", "reviewer", "approver"))
        draft = _Drafter(rng, BY_CODE[code], unit, op, today)

        recent = today - dt.timedelta(days=2)
        draft("work_notice", recent)
        draft("news", today)
        draft("plan_notice", today - dt.timedelta(days=45))  # overdue: its 20 working days are over
        flagged = draft("recruitment_result", recent, personal=True)
        disclosure_submit(disclosure=flagged, actor=op)
        waiting = draft("circular", recent)
        disclosure_submit(disclosure=waiting, actor=op)
        reviewed = draft("procurement", today - dt.timedelta(days=4))
        disclosure_submit(disclosure=reviewed, actor=op)
        disclosure_review(disclosure=reviewed, actor=rev, passed=True, opinion="经保密审查，未发现涉密和敏感信息，同意公开。")
        made += 6
        if code != OFFICE:
            continue

        withdrawn = draft("work_notice", today - dt.timedelta(days=6))
        disclosure_submit(disclosure=withdrawn, actor=op)
        disclosure_review(disclosure=withdrawn, actor=rev, passed=True, opinion="同意公开。")
        disclosure_approve(disclosure=withdrawn, actor=lead, approved=True, opinion="同意发布。")
        disclosure_withdraw(disclosure=withdrawn, actor=lead, reason="附件版本有误，撤回更正后重新发布。")

        returned = draft("circular", today - dt.timedelta(days=3))
        disclosure_submit(disclosure=returned, actor=op)
        disclosure_review(disclosure=returned, actor=rev, passed=False,
                          opinion="通报中个别数据与统计部门口径不一致，请核实后重新提交。")

        masked = draft("recruitment_result", today - dt.timedelta(days=1), personal=True)
        disclosure_submit(disclosure=masked, actor=op)
        phone = masked.findings.filter(kind=FindingKind.MOBILE, status=FindingStatus.OPEN).first()
        if phone is not None:
            finding_resolve(finding=phone, actor=rev, action="mask")

        policy = (Disclosure.objects.filter(unit=unit, status=Status.PUBLISHED, normative_kind=NormativeKind.NORMATIVE)
                  .order_by("-published_on").first())
        if policy is not None:
            name = policy.title[policy.title.find("《") + 1:policy.title.rfind("》")] or policy.title
            disclosure_create(
                unit=unit, actor=op, interprets=[policy.pk], title=f"图解：《{name}》", topic=policy.topic,
                genre="other", category=policy.category, written_on=recent,
                body_html=t.paras(f"一图读懂《{name}》（{policy.doc_number}）：出台背景、主要内容、适用对象和办理流程。",
                                  f"政策咨询：镇海区人民政府办公室，电话：{unit.guide_phone}。"),
            )
            made += 1
        made += 3
    return made
