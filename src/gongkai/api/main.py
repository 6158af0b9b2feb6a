"""The REST API (django-ninja), mounted at /api/v1/; OpenAPI at /api/v1/openapi.json."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from gongkai.core.errors import DomainError

from .routers import (
    disclosures,
    public,
    reference,
    report_exports,
    reports,
    requests,
    requests_public,
    search,
    tokens,
    workdays,
)

api = NinjaAPI(
    title="Gongkai 公开 API",
    version="1",
    description="政府信息公开平台接口。工作人员接口使用 Bearer 令牌（POST /api/v1/auth/token 获取）。",
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return api.create_response(request, {"detail": "未登录或令牌无效，请先获取令牌。"}, status=401)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "资源不存在。"}, status=404)


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    return api.create_response(request, {"detail": "请求参数有误。", "errors": exc.errors}, status=422)


api.add_router("/auth", tokens.router)
api.add_router("", reference.router)
api.add_router("/disclosures", disclosures.router)
api.add_router("/public/search", search.router)
api.add_router("/public", public.router)
api.add_router("/workdays", workdays.router)
api.add_router("/requests", requests.router)
api.add_router("/appeals", requests.appeals_router)
api.add_router("/public/requests", requests_public.router)
api.add_router("/fees", requests_public.fees_router)
api.add_router("/reports", report_exports.router)  # before reports: annual.docx is not annual
api.add_router("/reports", reports.router)
