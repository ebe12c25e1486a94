"""The project's URLs plus the benchmark-only default-way endpoints (bench/baseline.py)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from bench import baseline
from factcheck.urls import urlpatterns as project_urlpatterns

router = SimpleRouter()
router.register("fact-checks", baseline.FactCheckViewSet, basename="default-factcheck")
router.register("claimreview", baseline.ClaimReviewViewSet, basename="default-claimreview")

urlpatterns = [path("bench-default/", include(router.urls)), *project_urlpatterns]
