from collections.abc import Callable

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import conditional_page
from django.views.generic import RedirectView

from claims import feeds, views
from claims.public_cache import cache_public_page
from claims.sitemaps import SITEMAPS

app_name = "claims"


def feed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A feed served from the page cache, with an ETag over its body and 304 Not Modified for
    a reader that sends back the ETag or Last-Modified it got (outside the cache, so a cached
    copy answers conditionally too)."""
    return conditional_page(cache_public_page(view))


urlpatterns = [
    path("", RedirectView.as_view(pattern_name="claims:factcheck_list"), name="home"),
    path("fact-checks/", views.factcheck_list, name="factcheck_list"),
    path("fact-checks/<slug:slug>/", views.factcheck_detail, name="factcheck_detail"),
    path("fact-checks/<slug:slug>/preview/", views.factcheck_preview, name="factcheck_preview"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker_detail"),
    path("ratings/", views.rating_list, name="rating_list"),
    path("corrections/", views.correction_list, name="correction_list"),
    path("submit-a-claim/", views.submit_claim, name="submit_claim"),
    path("submit-a-claim/thanks/", views.submit_claim_thanks, name="submit_claim_thanks"),
    path("feeds/fact-checks.rss", feed(feeds.FactCheckFeed()), name="feed_factchecks_rss"),
    path("feeds/fact-checks.atom", feed(feeds.FactCheckAtomFeed()), name="feed_factchecks_atom"),
    path("feeds/corrections.rss", feed(feeds.CorrectionFeed()), name="feed_corrections_rss"),
    path("feeds/corrections.atom", feed(feeds.CorrectionAtomFeed()), name="feed_corrections_atom"),
    path(
        "sitemap.xml",
        cache_public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "claims:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cache_public_page(sitemap_views.sitemap, params=("p",)),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
