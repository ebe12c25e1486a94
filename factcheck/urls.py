from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from claims import archive_views
from claims.api import views as api_views

# JSON under /api/, the site's page elsewhere.
handler404 = "claims.api.errors.not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("claims.api.urls")),
    # Where Google's own client sends `claims:search`: its discovery document puts the method
    # at `v1alpha1/claims:search` under the root URL, so a root URL of https://<site>/api/
    # reaches it unchanged.
    path("api/v1alpha1/claims:search", api_views.GoogleClaimSearchV1Alpha1.as_view(), name="google-claims-search"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("archive/<uuid:pk>/", archive_views.snapshot_detail, name="evidence_snapshot"),
    path("archive/<uuid:pk>/raw", archive_views.snapshot_raw, name="evidence_snapshot_raw"),
    path("", include("claims.urls")),
]
