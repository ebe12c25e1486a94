"""The partner API, version 1 (mounted at /api/v1/)."""

from django.urls import include, path, register_converter

from claims.api import views

app_name = "api"


class IdOrSlugConverter:
    """A fact-check's id or its slug; which one is decided by the view (digits are an id)."""

    regex = "[-a-zA-Z0-9_]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: int | str) -> str:
        return str(value)


register_converter(IdOrSlugConverter, "id_or_slug")

urlpatterns = [
    path("fact-checks/", views.FactCheckList.as_view(), name="factcheck-list"),
    path("fact-checks/<id_or_slug:id_or_slug>/", views.FactCheckDetail.as_view(), name="factcheck-detail"),
    path(
        "fact-checks/<id_or_slug:id_or_slug>/claimreview/", views.FactCheckClaimReview.as_view(), name="factcheck-claimreview"
    ),
    path("claimreview/", views.ClaimReviewFeed.as_view(), name="claimreview-feed"),
    # Google Fact Check Tools spells its method with a colon; the slash form is an alias for
    # clients that cannot put ':' in a path.
    path("claims:search", views.GoogleClaimSearch.as_view(), name="claims-search"),
    path("claims/search/", views.GoogleClaimSearchAlias.as_view(), name="claims-search-alias"),
    path("claims/", views.ClaimList.as_view(), name="claim-list"),
    path("claims/<int:pk>/", views.ClaimDetail.as_view(), name="claim-detail"),
    path("speakers/", views.SpeakerList.as_view(), name="speaker-list"),
    path("speakers/<slug:slug>/", views.SpeakerDetail.as_view(), name="speaker-detail"),
    path("ratings/", views.RatingList.as_view(), name="rating-list"),
    path("", include("partners.api.urls")),
]
