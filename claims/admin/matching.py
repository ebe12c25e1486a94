"""How possible matches and earlier fact-checks read in the admin (one builder for the review
queue column and the claim page)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from claims.admin.base import safe_url
from claims.models import ExternalFactCheck, MatchSuggestion, Verdict


def _day(value) -> str:
    return f"{value.day} {value:%b %Y}" if value else ""


def fact_check_line(verdict: Verdict) -> SafeString:
    """"Already rated False on 19 Feb 2025 — link" for our own published fact-check."""
    return format_html(
        '<strong class="already-checked">Already rated {} on {}</strong> — <a href="{}">{}</a>',
        verdict.rating.label if verdict.rating else "",
        _day(verdict.published_at),
        verdict.get_absolute_url(),
        verdict.headline,
    )


def external_line(check: ExternalFactCheck) -> SafeString:
    """Another publisher's fact-check: theirs, never presented as ours."""
    rated = f"rated “{check.rating_text}”" if check.rating_text else "checked it"
    when = f" on {_day(check.reviewed_on)}" if check.reviewed_on else ""
    url = safe_url(check.review_url)
    link = format_html(' — <a href="{}" rel="noopener noreferrer">{}</a>', url, url) if url else ""
    return format_html(
        '<strong class="already-checked">{} {}{}</strong>{}',
        check.publisher_name or "Another publisher",
        rated,
        when,
        link,
    )


def _external(suggestion: MatchSuggestion) -> ExternalFactCheck:
    # A suggestion without a match is of another publisher's fact-check (constraint
    # suggestion_one_target), so `external` is set.
    return cast(ExternalFactCheck, suggestion.external)


def suggestion_html(suggestion: MatchSuggestion, *, buttons: bool, checks: bool = True) -> SafeString:
    """One possible match; with `buttons`, its yes/no answers for a page where it sits inside
    another form (the queue's action form), so they post to the decision URL by `formaction`.
    With `checks`, the suggested claim's published fact-check (or the other publisher's) below."""
    target = suggestion.match
    if target is not None:
        published = getattr(target, "published_verdicts", None) or []
        head = format_html(
            'Possible match of <a href="{}">claim #{}</a> ({}): “{}” — same claim?',
            reverse("admin:claims_claim_change", args=[target.pk]),
            target.pk,
            f"{suggestion.similarity:.2f}",
            str(target),
        )
        checked = format_html_join("", "<br>{}", ((fact_check_line(v),) for v in published))
    else:
        external = _external(suggestion)
        head = format_html(
            "Possible match of another publisher’s fact-check ({}): “{}” — same claim?",
            f"{suggestion.similarity:.2f}",
            external.claim_text[:200],
        )
        checked = format_html("<br>{}", external_line(external))
    differs = (
        format_html('<br><small class="match-differences">Differs: {}</small>', "; ".join(suggestion.differences))
        if suggestion.differences
        else ""
    )
    answers = ""
    if buttons:
        url = reverse("admin:claims_claim_decide_match", args=[suggestion.pk])
        answers = format_html(
            ' <button type="submit" class="button" formaction="{}" formmethod="post" name="same" value="1">'
            "Same claim</button>"
            ' <button type="submit" class="button" formaction="{}" formmethod="post" name="same" value="0">'
            "Different</button>",
            url,
            url,
        )
    return format_html('<div class="possible-match">{}{}{}{}</div>', head, answers, checked if checks else "", differs)


def fact_check_lines(suggestions: Iterable[MatchSuggestion]) -> list[SafeString]:
    """The earlier fact-checks among `suggestions` (ours published, or other publishers'), for
    the top of the claim page."""
    lines = []
    for suggestion in suggestions:
        if suggestion.match_id:
            lines += [fact_check_line(v) for v in getattr(suggestion.match, "published_verdicts", None) or []]
        else:
            lines.append(external_line(_external(suggestion)))
    return lines


@admin.register(ExternalFactCheck)
class ExternalFactCheckAdmin(admin.ModelAdmin):
    """Other publishers' fact-checks as imported (`import_claimreview`); read here, never edited:
    the next import of the same review URL would overwrite an edit."""

    list_display = ["publisher_name", "rating_text", "reviewed_on", "claim_excerpt", "claimant", "review_link"]
    list_filter = ["publisher_name", "rating_text"]
    search_fields = ["claim_text", "claimant", "publisher_name", "review_url"]
    exclude = ["vector"]
    date_hierarchy = "reviewed_on"

    @admin.display(description="claim")
    def claim_excerpt(self, check: ExternalFactCheck) -> str:
        return check.claim_text if len(check.claim_text) <= 120 else check.claim_text[:119] + "…"

    @admin.display(description="review")
    def review_link(self, check: ExternalFactCheck) -> str:
        url = safe_url(check.review_url)
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', url, url) if url else ""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
