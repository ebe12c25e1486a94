from django.contrib import admin
from django.urls import include, path

from claims import archive_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("archive/<uuid:pk>/", archive_views.snapshot_detail, name="evidence_snapshot"),
    path("archive/<uuid:pk>/raw", archive_views.snapshot_raw, name="evidence_snapshot_raw"),
    path("", include("claims.urls")),
]
