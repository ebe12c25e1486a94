from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from claims import archive_views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("claims.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("archive/<uuid:pk>/", archive_views.snapshot_detail, name="evidence_snapshot"),
    path("archive/<uuid:pk>/raw", archive_views.snapshot_raw, name="evidence_snapshot_raw"),
    path("", include("claims.urls")),
]
