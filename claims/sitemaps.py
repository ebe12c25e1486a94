"""sitemap.xml: exactly the public pages, with absolute URLs on FACTCHECK_SITE_URL."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from claims import selectors
from claims.models import Speaker, Verdict


class SiteSitemap(Sitemap):
    """Locations on the configured public site, not on whichever host the crawler used."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.FACTCHECK_SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.FACTCHECK_SITE_URL).netloc


class FactCheckSitemap(SiteSitemap):
    """Published fact-checks and retracted ones, whose pages stay up with a notice."""

    changefreq = "weekly"

    def items(self):
        return (
            Verdict.objects.filter(status__in=selectors.PUBLIC_VERDICT_STATUSES)
            .only("slug", "updated_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, item: Verdict):
        return item.updated_at

    def get_latest_lastmod(self):
        # One aggregate instead of loading every row, which the default would do.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class SpeakerSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return selectors.public_speakers().only("slug").order_by("pk")

    def location(self, item: Speaker) -> str:
        return item.get_absolute_url()


class StaticPageSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["claims:factcheck_list", "claims:rating_list", "claims:correction_list"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "pages": StaticPageSitemap,
    "fact-checks": FactCheckSitemap,
    "speakers": SpeakerSitemap,
}
