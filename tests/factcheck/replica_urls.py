"""The project's URLs plus three small views that report where their reads went.

They stand in for any page or API endpoint: one that only reads, one that writes then reads
(POST), one that writes then reads during a GET.
"""

from __future__ import annotations

from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.urls import path

from claims.models import Tag
from claims.services import tag_get_or_create
from factcheck.urls import urlpatterns as project_urlpatterns


def _report(name: str) -> JsonResponse:
    tags = Tag.objects.filter(name=name)
    alias = tags.db
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), current_setting('port')")
        in_recovery, port = cursor.fetchone()
    return JsonResponse(
        {"found": tags.exists(), "alias": alias, "in_recovery": in_recovery, "port": int(port)}
    )


def tag_read(request: HttpRequest, name: str) -> JsonResponse:
    return _report(name)


def tag_write_then_read(request: HttpRequest, name: str) -> JsonResponse:
    tag_get_or_create(name=name)
    return _report(name)


urlpatterns = [
    path("t/read/<str:name>/", tag_read),
    path("t/write/<str:name>/", tag_write_then_read),
    *project_urlpatterns,
]
