"""The partner API, version 1 (mounted at /api/v1/)."""

from django.urls import include, path

from claims.api import views

app_name = "api"

urlpatterns = [
    path("fact-checks/", views.FactCheckList.as_view(), name="factcheck-list"),
    path("fact-checks/<int:pk>/", views.FactCheckDetail.as_view(), name="factcheck-detail"),
    path("fact-checks/<int:pk>/claimreview/", views.FactCheckClaimReview.as_view(), name="factcheck-claimreview"),
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
