"""RSS and Atom feeds of fact-checks and of corrections (Django syndication).

Descriptions are HTML (feed readers render them as such), built with `format_html` so text from
claims, speakers and sources arrives escaped; titles are plain text, escaped by the XML writer.
Links are absolute on FACTCHECK_SITE_URL, so a cached feed is right whatever host asked first.
Every feed answers conditional requests (see `claims.urls`): an ETag over the body, and
Last-Modified from the newest entry (Django's syndication sets it).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html

from claims import selectors
from claims.claimreview import absolute_url
from claims.models import Correction, Verdict

FEED_SIZE = 50


class FactCheckFeed(Feed):
    """The newest public fact-checks; a retracted one stays, marked, so subscribers learn of it."""

    url_name = "claims:feed_factchecks_rss"

    def title(self) -> str:
        return f"{settings.FACTCHECK_ORGANIZATION_NAME}: fact-checks"

    def description(self) -> str:
        return f"The latest fact-checks published by {settings.FACTCHECK_ORGANIZATION_NAME}."

    def link(self) -> str:
        return absolute_url(reverse("claims:factcheck_list"))

    def feed_url(self) -> str:
        return absolute_url(reverse(self.url_name))

    def items(self):
        return selectors.public_verdict_list()[:FEED_SIZE]

    def item_title(self, item: Verdict) -> str:
        if item.status == Verdict.Status.RETRACTED:
            return f"Retracted: {item.headline}"
        return item.headline

    def item_description(self, item: Verdict) -> str:
        if item.status == Verdict.Status.RETRACTED:
            verdict = format_html("<p><strong>Retracted.</strong> {}</p>", item.retraction_note)
        else:
            verdict = format_html("<p>Our rating: <strong>{}</strong></p>", item.rating.label)
        speaker = item.claim.speaker
        said = format_html(
            "<blockquote><p>{}</p>{}</blockquote>",
            item.claim.text,
            format_html("<footer>{}</footer>", speaker.name) if speaker else "",
        )
        return format_html("{}{}<p>{}</p>", said, verdict, item.summary)

    def item_link(self, item: Verdict) -> str:
        return absolute_url(item.get_absolute_url())

    def item_pubdate(self, item: Verdict):
        return item.published_at

    def item_updateddate(self, item: Verdict):
        return item.updated_at

    def item_author_name(self, item: Verdict) -> str:
        return settings.FACTCHECK_ORGANIZATION_NAME

    def item_categories(self, item: Verdict) -> list[str]:
        rating = ["Retracted" if item.status == Verdict.Status.RETRACTED else item.rating.label]
        return rating + [tag.name for tag in item.claim.tags.all()]


class FactCheckAtomFeed(FactCheckFeed):
    feed_type = Atom1Feed
    url_name = "claims:feed_factchecks_atom"

    def subtitle(self) -> str:
        return self.description()


class CorrectionFeed(Feed):
    """Every correction of a public fact-check, newest first."""

    url_name = "claims:feed_corrections_rss"

    def title(self) -> str:
        return f"{settings.FACTCHECK_ORGANIZATION_NAME}: corrections"

    def description(self) -> str:
        return f"Corrections to fact-checks published by {settings.FACTCHECK_ORGANIZATION_NAME}."

    def link(self) -> str:
        return absolute_url(reverse("claims:correction_list"))

    def feed_url(self) -> str:
        return absolute_url(reverse(self.url_name))

    def items(self):
        return selectors.public_corrections()[:FEED_SIZE]

    def item_title(self, item: Correction) -> str:
        return f"Correction: {item.verdict.headline}"

    def item_description(self, item: Correction) -> str:
        return format_html("<p>{}</p>", item.note)

    def item_link(self, item: Correction) -> str:
        return absolute_url(f"{item.verdict.get_absolute_url()}#correction-{item.pk}")

    def item_pubdate(self, item: Correction):
        return item.corrected_on

    def item_updateddate(self, item: Correction):
        # Atom requires <updated> on every entry (RFC 4287 4.1.2); the entry shows the
        # fact-check's headline, so an edit of the fact-check updates it too.
        return max(item.corrected_on, item.verdict.updated_at)

    def item_author_name(self, item: Correction) -> str:
        return settings.FACTCHECK_ORGANIZATION_NAME


class CorrectionAtomFeed(CorrectionFeed):
    feed_type = Atom1Feed
    url_name = "claims:feed_corrections_atom"

    def subtitle(self) -> str:
        return self.description()
