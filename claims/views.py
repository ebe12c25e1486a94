"""Public pages for readers: thin views over `claims.selectors`, cached by `cache_public_page`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.views.decorators.http import require_http_methods, require_safe

from claims import selectors
from claims.bylines import public_name
from claims.claimreview import absolute_url, claim_review
from claims.forms import ClaimTipForm, FactCheckFilterForm
from claims.models import Rating, Verdict
from claims.public_cache import cache_public_page
from claims.ratelimit import rate_limit_check, rate_limit_hit
from claims.search import search_verdicts
from claims.templatetags.factcheck import clip
from factcheck.clientip import client_ip
from sources.services import tip_submit

PREVIEW_PERMISSION = "claims.view_verdict"
TIP_FORM_SCOPE = "tip-form"
TIP_SUBMITTED_BY = "reader via the website form"


@dataclass
class Page:
    """One page of a list, fetched without a COUNT(*): one row more than shown says whether
    there is a next page, which stays cheap on an archive of a million claims."""

    number: int
    items: list[Any] = field(default_factory=list)
    has_next: bool = False

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1


def paginate(
    queryset: QuerySet, request: HttpRequest, per_page: int | None = None, *, rows: QuerySet | None = None
) -> Page:
    """The requested page of `queryset`. With `rows`, the page's keys are picked by a narrow
    subquery over `queryset` (ids only, no joins) and the page is loaded from `rows`, which
    says what to select and prefetch: one query still, but planned in two parts.

    Planned as one, a filtered page joined to claims, speakers and ratings let PostgreSQL walk
    the newest-first index testing every fact-check against the filter (a search recomputed
    the document of 1,700 fact-checks to find 21 matches: 333 ms at 1,000,000 claims); the
    keys alone it takes from the filter's own index (the search's GIN index: 6 ms).
    """
    per_page = per_page or settings.FACTCHECK_PUBLIC_PAGE_SIZE
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= 100_000:
        raise Http404("No such page.")
    number = int(raw)
    start = (number - 1) * per_page
    window = queryset[start : start + per_page + 1]
    if rows is not None:
        keys = queryset.values("pk")[start : start + per_page + 1]
        window = rows.filter(pk__in=keys).order_by(*queryset.query.order_by)
    items = list(window)
    if number > 1 and not items:
        raise Http404("No such page.")
    return Page(number=number, items=items[:per_page], has_next=len(items) > per_page)


def slug_url(name: str) -> Callable[[str], str]:
    """`reverse(name, kwargs={"slug": slug})` as a function of the slug, reversing once: a list
    page links every card to its fact-check and speaker, and each reverse() cost as much as
    rendering the rest of the card. Slugs are URL-safe, so the result is the same string."""
    head, tail = reverse(name, kwargs={"slug": "_"}).rsplit("_", 1)
    return lambda slug: f"{head}{slug}{tail}"


@dataclass(frozen=True)
class Card:
    """What a list card shows of a fact-check, resolved once in Python (the template only
    prints it): attribute chains through model instances, a reverse() per link and two date
    filters per card were most of a list page's time."""

    url: str
    headline: str
    claim_text: str
    speaker_name: str
    speaker_url: str
    published_iso: str
    published_on: str
    retracted: bool
    rating_label: str
    rating_colour: str
    tags: list[tuple[str, str]]


CARD_CLAIM_LENGTH = 280


def fact_check_cards(verdicts: Iterable[Verdict]) -> list[Card]:
    """Cards of verdicts loaded by `selectors.public_verdict_list` (no query here)."""
    factcheck_url = slug_url("claims:factcheck_detail")
    speaker_url = slug_url("claims:speaker_detail")
    index_url = reverse("claims:factcheck_list")
    cards = []
    for verdict in verdicts:
        claim, rating = verdict.claim, verdict.rating
        speaker = claim.speaker
        published = localtime(verdict.published_at) if verdict.published_at else None
        cards.append(
            Card(
                url=factcheck_url(verdict.slug),
                headline=verdict.headline,
                claim_text=clip(claim.text, CARD_CLAIM_LENGTH),
                speaker_name=speaker.name if speaker else "",
                speaker_url=speaker_url(speaker.slug) if speaker else "",
                published_iso=date_format(published, "c") if published else "",
                published_on=date_format(published, "j F Y") if published else "",
                retracted=verdict.status == Verdict.Status.RETRACTED,
                rating_label=rating.label if rating else "",
                rating_colour=rating.colour if rating else "",
                tags=[(f"{index_url}?tag={quote(tag.slug)}", tag.name) for tag in claim.tags.all()],
            )
        )
    return cards


def rating_scale() -> list[Rating]:
    """The ratings on the truth scale, worst to best (the steps of the meter)."""
    return list(Rating.objects.exclude(value=None).order_by("value"))


METER_STEP = 100


def meter(scale: list[Rating], rating: Rating | None) -> dict[str, Any]:
    """Geometry of the rating meter: one SVG step per rating of the scale, worst on the left."""
    return {
        "width": max(len(scale), 1) * METER_STEP,
        "steps": [
            {"rating": step, "x": i * METER_STEP + 4, "current": rating is not None and step.pk == rating.pk}
            for i, step in enumerate(scale)
        ],
        "worst": scale[0] if scale else None,
        "best": scale[-1] if scale else None,
    }


# Fact-checks ---------------------------------------------------------------------------


@require_safe
@cache_public_page(params=(*FactCheckFilterForm.base_fields, "page"))
def factcheck_list(request: HttpRequest) -> HttpResponse:
    form = FactCheckFilterForm(request.GET or None)
    verdicts = selectors.public_verdict_keys()
    filters: dict[str, Any] = {}
    status = 200
    if form.is_bound:
        if form.is_valid():
            filters = {k: v for k, v in form.cleaned_data.items() if v}
            if "rating" in filters:
                verdicts = verdicts.filter(rating=filters["rating"])
            if "speaker" in filters:
                verdicts = verdicts.filter(claim__speaker=filters["speaker"])
            if "tag" in filters:
                verdicts = verdicts.filter(claim__tags=filters["tag"])
            if "q" in filters:
                verdicts = search_verdicts(verdicts, filters["q"])
        else:
            status = 400
            verdicts = verdicts.none()
    page = paginate(verdicts, request, rows=selectors.public_verdict_list())
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "cards": fact_check_cards(page.items),
        "canonical_url": absolute_url(reverse("claims:factcheck_list")),
        # Search result pages are not worth indexing; the fact-checks they list are.
        "noindex": "q" in filters or status != 200,
    }
    return render(request, "claims/factcheck_list.html", context, status=status)


def _factcheck_page(request: HttpRequest, verdict: Verdict, *, preview: bool) -> HttpResponse:
    scale = rating_scale()
    bounds = (scale[0].value, scale[-1].value) if scale else (1, 1)
    claim = verdict.claim
    appearances = list(claim.appearances.all())
    speaker_role = (claim.speaker.role if claim.speaker else "") or next(
        (a.speaker_role for a in appearances if a.speaker_role), ""
    )
    corrections = list(verdict.corrections.all())
    updates = list(verdict.update_notes.all())
    # "Updated" means a dated public note says what changed: an update note or a correction.
    noted = [u.noted_on for u in updates] + [c.corrected_on for c in corrections]
    last_noted = max(noted) if noted else None
    context = {
        "verdict": verdict,
        "claim": claim,
        "speaker_role": speaker_role,
        "appearances": appearances,
        "evidence": list(claim.evidence_links.all()),
        "corrections": corrections,
        "updates": updates,
        "authors": [u for u in verdict.authors.all() if public_name(u)],
        "tags": list(claim.tags.all()),
        "meter": meter(scale, verdict.rating),
        "claim_review": claim_review(verdict, bounds=bounds),
        "canonical_url": absolute_url(verdict.get_absolute_url()),
        "last_updated": last_noted,
        "page_language": verdict.language,
        "preview": preview,
        "noindex": preview,
    }
    return render(request, "claims/factcheck_detail.html", context)


@require_safe
@cache_public_page
def factcheck_detail(request: HttpRequest, slug: str) -> HttpResponse:
    verdict = get_object_or_404(selectors.public_verdicts(), slug=slug)
    return _factcheck_page(request, verdict, preview=False)


@require_safe
@login_required(login_url=reverse_lazy("admin:login"))
def factcheck_preview(request: HttpRequest, slug: str) -> HttpResponse:
    """The page as readers will see it, for staff, in any status (never cached or indexed)."""
    if not (request.user.is_staff and request.user.has_perm(PREVIEW_PERMISSION)):
        raise PermissionDenied("Only newsroom staff can preview fact-checks.")
    verdict = get_object_or_404(selectors.verdicts_fully_loaded(), slug=slug)
    response = _factcheck_page(request, verdict, preview=True)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# Speakers, methodology, corrections ----------------------------------------------------


@require_safe
@cache_public_page(params=("page",))
def speaker_detail(request: HttpRequest, slug: str) -> HttpResponse:
    speaker = get_object_or_404(selectors.public_speakers(), slug=slug)
    scorecard = selectors.speaker_scorecard(speaker)
    most = max((count for _, count in scorecard), default=0)
    rows = [
        {"rating": rating, "count": count, "percent": round(100 * count / most) if most else 0}
        for rating, count in scorecard
    ]
    page = paginate(
        selectors.public_verdict_keys().filter(claim__speaker=speaker), request, rows=selectors.public_verdict_list()
    )
    context = {
        "speaker": speaker,
        "scorecard": rows,
        "rated_total": sum(count for _, count in scorecard),
        "page": page,
        "cards": fact_check_cards(page.items),
        "canonical_url": absolute_url(speaker.get_absolute_url()),
    }
    return render(request, "claims/speaker_detail.html", context)


@require_safe
@cache_public_page
def rating_list(request: HttpRequest) -> HttpResponse:
    ratings = list(Rating.objects.order_by("position", "label"))
    context = {
        "on_scale": sorted((r for r in ratings if r.on_scale), key=lambda r: -r.value),
        "off_scale": [r for r in ratings if not r.on_scale],
        "canonical_url": absolute_url(reverse("claims:rating_list")),
    }
    return render(request, "claims/rating_list.html", context)


@require_safe
@cache_public_page(params=("page",))
def correction_list(request: HttpRequest) -> HttpResponse:
    context = {
        "page": paginate(selectors.public_corrections(), request),
        "canonical_url": absolute_url(reverse("claims:correction_list")),
    }
    return render(request, "claims/correction_list.html", context)


# Submit a claim ------------------------------------------------------------------------


def _tip_limit(request: HttpRequest) -> dict[str, Any]:
    return {
        "scope": TIP_FORM_SCOPE,
        "ident": client_ip(request),
        "limit": settings.FACTCHECK_TIP_FORM_LIMIT,
        "window": settings.FACTCHECK_TIP_FORM_WINDOW,
    }


def _too_many_tips(request: HttpRequest, retry_after: int) -> HttpResponse:
    response = render(
        request,
        "claims/submit_claim_limited.html",
        {"retry_minutes": max(1, -(-retry_after // 60))},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def submit_claim(request: HttpRequest) -> HttpResponse:
    """Readers send a claim to check; it joins the review queue through the tip intake."""
    if request.method != "POST":
        return render(request, "claims/submit_claim.html", {"form": ClaimTipForm()})
    limit = _tip_limit(request)
    checked = rate_limit_check(**limit)
    if not checked.allowed:
        return _too_many_tips(request, checked.retry_after)
    form = ClaimTipForm(request.POST)
    if form.is_spam():
        # Bots get the answer people get, so the honeypot teaches them nothing.
        rate_limit_hit(**limit)
        messages.success(request, "Your claim has reached our fact-checkers.")
        return redirect("claims:submit_claim_thanks")
    if form.is_valid():
        counted = rate_limit_hit(**limit)
        if not counted.allowed:
            return _too_many_tips(request, counted.retry_after)
        data = form.cleaned_data
        try:
            result = tip_submit(
                text=data["text"],
                url=data["url"],
                speaker_name=data["speaker_name"],
                submitted_by=TIP_SUBMITTED_BY,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if result.public_fact_check() is not None:
                messages.success(
                    request,
                    "We have already published a fact-check of this claim, and your "
                    "submission has been added to it.",
                )
            else:
                messages.success(request, "Your claim has reached our fact-checkers.")
            return redirect("claims:submit_claim_thanks")
    return render(request, "claims/submit_claim.html", {"form": form}, status=400)


@require_safe
def submit_claim_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "claims/submit_claim_thanks.html")


# Robots --------------------------------------------------------------------------------


@require_safe
@cache_public_page
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /fact-checks/*/preview/",
        "Disallow: /submit-a-claim/",
        "",
        f"Sitemap: {absolute_url(reverse('claims:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
