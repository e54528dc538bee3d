"""The JSON API (version 1), documented by its OpenAPI schema at /api/v1/openapi.json.

Callers authenticate with their session (a logged-in browser) or with ``Authorization: Bearer <key>`` from
``cchc api-token``; every answer is scoped like the screens.
"""

import logging

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, django_auth

from cchc.api.models import ApiToken, digest
from cchc.core.calendar import CalendarError, parse_local_moment
from cchc.core.kpi import PeriodError, parse_period
from cchc.kpis import history
from cchc.kpis.engine import UnknownIndicator, compute
from cchc.kpis.output import records
from cchc.units.selectors import unit_get


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = ApiToken.objects.select_related("user").filter(key_hash=digest(token), active=True).first()
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="cchc API",
    version="1",
    description="Số liệu Một cửa và cải cách hành chính (chỉ số, chỉ tiêu) theo đơn vị và kỳ.",
    auth=[django_auth, TokenAuth()],
    urls_namespace="api-v1",
)


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, exc: ValidationError):
    """Missing or malformed parameters: 400 with the parameters named, in Vietnamese, like every other error."""
    names = sorted({str(error["loc"][-1]) for error in exc.errors if error.get("loc")})
    return api.create_response(
        request, {"detail": f"Thiếu hoặc sai tham số: {', '.join(names)}."}, status=400
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404):
    """An unknown unit and another unit's code answer alike, so that a code's existence is not disclosed."""
    return api.create_response(
        request, {"detail": "Không tìm thấy đơn vị, hoặc đơn vị không thuộc phạm vi của bạn."}, status=404
    )


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception):
    """Whatever else goes wrong is logged and answered in JSON too: a program never gets an HTML page."""
    logger.exception("Lỗi máy chủ khi trả lời %s", request.path)
    return api.create_response(
        request, {"detail": "Lỗi máy chủ; đã ghi nhật ký. Không có gì bị thay đổi."}, status=500
    )


@api.exception_handler(AuthenticationError)
def not_authenticated(request: HttpRequest, exc: AuthenticationError):
    return api.create_response(
        request,
        {"detail": "Chưa xác thực: đăng nhập, hoặc gửi khoá API hợp lệ (Authorization: Bearer <khoá>)."},
        status=401,
    )


class KpiRecord(Schema):
    unit_code: str
    unit_name: str
    unit_valid_from: str | None
    unit_valid_to: str | None
    indicator: str
    numerator: int
    denominator: int | None
    value: float | None
    target: float | None
    comparison: str | None
    met: bool | None


class Problem(Schema):
    detail: str


class KpiQuery(Schema):
    period: str
    unit: str | None = None
    as_of: str | None = None
    known_at: str | None = None
    indicator: list[str] | None = None
    merged: bool = False


@api.get(
    "/kpi",
    response={200: list[KpiRecord], 400: Problem, 401: Problem, 404: Problem},
    summary="Chỉ số theo đơn vị và kỳ",
)
def kpi(request: HttpRequest, query: Query[KpiQuery]):
    """Every indicator for every unit the caller may see (or one unit), with the district roll-up.

    ``unit``: a code, naming the unit that bore it on the period's last day (codes are reused: 13795 is Thị trấn
    Lâm until 30/06/2025, Xã Ý Yên since).
    ``period``: 2022, 2022-Q4, 2022-11, 2022-W45, 2022-11-09, 2022-11-01..2022-11-15, mtd:2022-11-11,
    rw:2022-11-10. ``merged=true`` (with ``unit``): the unit's figures with those of the units merged into it
    in 2025 added in, named "… (gộp từ …)". ``as_of``: ``YYYY-MM-DDTHH:MM`` Vietnam time (default: now), the
    moment of the dossiers' timeline; ``known_at``: the same form (default: now), only dossiers recorded in cchc
    by then. ``value`` is a percentage
    (or a count), ``null`` for "không phát sinh"; ``met`` is ``null`` without data or target.
    """
    try:
        period = parse_period(query.period)
    except PeriodError as exc:
        raise HttpError(400, str(exc)) from exc
    as_of = timezone.now()
    if query.as_of:
        try:
            as_of = parse_local_moment(query.as_of, "Thời điểm")
        except CalendarError as exc:
            raise HttpError(400, str(exc)) from None
    known_at = None
    if query.known_at:
        try:
            known_at = parse_local_moment(query.known_at, "Thời điểm ghi nhận")
        except CalendarError as exc:
            raise HttpError(400, str(exc)) from None
    unit = unit_get(user=request.user, code=query.unit, on=period.end) if query.unit else None
    if query.merged and unit is None:
        raise HttpError(400, "merged cần unit: số liệu gộp là của một đơn vị.")
    asked = {
        "user": request.user,
        "period": period,
        "as_of": as_of,
        "known_at": known_at,
        "indicator_codes": query.indicator,
    }
    try:
        if query.merged:
            rows, contributed = history.merged(unit=unit, **asked)
            return history.merged_records(rows, unit, contributed)
        rows = compute(unit=unit, **asked)
    except UnknownIndicator as exc:
        raise HttpError(400, str(exc)) from exc
    return records(rows)
