"""Staff endpoints of the register and its review workflow. Each parses, calls one service, answers."""

import datetime as dt
from typing import Literal

from ninja import File, Router, Schema
from ninja.files import UploadedFile

from gongkai.api.auth import bearer
from gongkai.api.schemas import DisclosureStaffOut, staff_detail
from gongkai.core.errors import NotFound
from gongkai.disclosures import selectors
from gongkai.disclosures.services import attachment_add, disclosure_create, disclosure_update
from gongkai.disclosures.taxonomy import NormativeKind
from gongkai.orgs.models import Unit
from gongkai.reviews import services as review
from gongkai.reviews.models import Finding

router = Router(tags=["disclosures"], auth=bearer)


class DisclosureIn(Schema):
    unit: str
    title: str
    body_html: str = ""
    summary: str = ""
    doc_number: str = ""
    written_on: dt.date | None = None
    changed_on: dt.date | None = None
    topic: str
    genre: str
    category: str = ""
    disclosure_mode: str = "proactive"
    non_disclosure_reason: str = ""
    validity: str = "valid"
    effective_on: dt.date | None = None
    validity_changed_on: dt.date | None = None
    is_normative: bool = False
    normative_kind: str | None = None
    channels: list[str] = []
    interprets: list[int] = []


class DisclosurePatch(Schema):
    title: str | None = None
    body_html: str | None = None
    summary: str | None = None
    doc_number: str | None = None
    written_on: dt.date | None = None
    changed_on: dt.date | None = None
    topic: str | None = None
    genre: str | None = None
    category: str | None = None
    disclosure_mode: str | None = None
    non_disclosure_reason: str | None = None
    validity: str | None = None
    effective_on: dt.date | None = None
    validity_changed_on: dt.date | None = None
    normative_kind: str | None = None
    channels: list[str] | None = None
    interprets: list[int] | None = None


class ReviewIn(Schema):
    decision: Literal["pass", "return"]
    opinion: str = ""


class ApproveIn(Schema):
    decision: Literal["approve", "return"]
    opinion: str = ""


class WithdrawIn(Schema):
    reason: str


class OpinionIn(Schema):
    opinion: str = ""


class ResolveIn(Schema):
    action: Literal["mask", "accept"]
    reason: str = ""


def _normative(payload: DisclosureIn) -> str:
    if payload.normative_kind is not None:
        return payload.normative_kind
    return NormativeKind.NORMATIVE if payload.is_normative else NormativeKind.NONE


def _detail(request, pk: int) -> dict:
    return staff_detail(selectors.disclosure_get_for(request.auth, pk))


@router.post("", response={201: DisclosureStaffOut})
def create(request, payload: DisclosureIn):
    unit = Unit.objects.filter(code=payload.unit).first()
    if unit is None:
        raise NotFound(f"机构“{payload.unit}”不存在。")
    fields = payload.dict(exclude={"unit", "is_normative", "normative_kind", "interprets"})
    item = disclosure_create(
        unit=unit, actor=request.auth, interprets=payload.interprets, normative_kind=_normative(payload), **fields
    )
    return 201, _detail(request, item.pk)


@router.get("/{int:pk}", response=DisclosureStaffOut)
def detail(request, pk: int):
    return _detail(request, pk)


@router.patch("/{int:pk}", response=DisclosureStaffOut)
def update(request, pk: int, payload: DisclosurePatch):
    item = selectors.disclosure_get_for(request.auth, pk)
    changes = payload.dict(exclude_unset=True)
    interprets = changes.pop("interprets", None)
    disclosure_update(disclosure=item, actor=request.auth, interprets=interprets, **changes)
    return _detail(request, pk)


@router.post("/{int:pk}/attachments", response={201: DisclosureStaffOut})
def attach(request, pk: int, file: File[UploadedFile]):
    item = selectors.disclosure_get_for(request.auth, pk)
    attachment_add(disclosure=item, actor=request.auth, upload=file, filename=file.name)
    return 201, _detail(request, pk)


@router.post("/{int:pk}/submit", response=DisclosureStaffOut)
def submit(request, pk: int, payload: OpinionIn | None = None):
    item = selectors.disclosure_get_for(request.auth, pk)
    review.disclosure_submit(disclosure=item, actor=request.auth, opinion=payload.opinion if payload else "")
    return _detail(request, pk)


@router.post("/{int:pk}/review", response=DisclosureStaffOut)
def review_step(request, pk: int, payload: ReviewIn):
    item = selectors.disclosure_get_for(request.auth, pk)
    review.disclosure_review(disclosure=item, actor=request.auth, passed=payload.decision == "pass",
                             opinion=payload.opinion)
    return _detail(request, pk)


@router.post("/{int:pk}/approve", response=DisclosureStaffOut)
def approve(request, pk: int, payload: ApproveIn):
    item = selectors.disclosure_get_for(request.auth, pk)
    review.disclosure_approve(disclosure=item, actor=request.auth, approved=payload.decision == "approve",
                              opinion=payload.opinion)
    return _detail(request, pk)


@router.post("/{int:pk}/withdraw", response=DisclosureStaffOut)
def withdraw(request, pk: int, payload: WithdrawIn):
    item = selectors.disclosure_get_for(request.auth, pk)
    review.disclosure_withdraw(disclosure=item, actor=request.auth, reason=payload.reason)
    return _detail(request, pk)


@router.post("/{int:pk}/reopen", response=DisclosureStaffOut)
def reopen(request, pk: int, payload: OpinionIn | None = None):
    item = selectors.disclosure_get_for(request.auth, pk)
    review.disclosure_reopen(disclosure=item, actor=request.auth, opinion=payload.opinion if payload else "")
    return _detail(request, pk)


@router.post("/{int:pk}/findings/{int:fid}/resolve", response=DisclosureStaffOut)
def resolve(request, pk: int, fid: int, payload: ResolveIn):
    item = selectors.disclosure_get_for(request.auth, pk)
    finding = Finding.objects.filter(pk=fid, disclosure=item).first()
    if finding is None:
        raise NotFound("该敏感信息记录不存在。")
    review.finding_resolve(finding=finding, actor=request.auth, action=payload.action, reason=payload.reason)
    return _detail(request, pk)
