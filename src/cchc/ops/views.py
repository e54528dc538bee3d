"""The health check for the load balancer and the monitoring: no login, no data, only whether cchc can work."""

import shutil
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

MIN_FREE_BYTES = 512 * 1024 * 1024  # below this, uploads and reports start failing: time to act


def _free_bytes(folder: Path) -> int:
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return shutil.disk_usage(folder).free


@login_not_required
@require_GET
def health(request):
    """200 ``{"status": "ok"}`` when the database answers and the upload folder's disk has room; otherwise
    503 with what is wrong (``database``, ``disk``), so that nginx or the monitoring can act."""
    problems = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        problems.append("database")
    if _free_bytes(Path(settings.MEDIA_ROOT)) < MIN_FREE_BYTES:
        problems.append("disk")
    if problems:
        return JsonResponse({"status": "fail", "problems": problems}, status=503)
    return JsonResponse({"status": "ok"})


FAVICON = Path(settings.BASE_DIR) / "static" / "cchc" / "favicon.ico"


@login_not_required
@require_GET
def favicon(request):
    """The browsers' ``/favicon.ico`` (the pages link the same icon from the static files)."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
