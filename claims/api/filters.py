"""Query parameters of the list endpoints. A value that cannot be understood is a 400 naming the
parameter (DjangoFilterBackend raises the form errors as a ValidationError), never a 500 and
never silently ignored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any

import django_filters as filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import lazy
from django_filters.utils import label_for_filter
from drf_spectacular.utils import extend_schema_field

from claims import search
from claims.models import Claim, ClaimStatus, Rating, Speaker, Verdict
from claims.selectors import PUBLIC_VERDICT_STATUSES

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$"


@dataclass(frozen=True)
class TextRule:
    """A pattern a text parameter must match, and what to tell a caller whose value does not."""

    pattern: str
    message: str


SLUG = TextRule(SLUG_PATTERN, "Use a slug: letters, digits, hyphens and underscores.")
LANGUAGE = TextRule(LANGUAGE_PATTERN, "Use a language code such as en or pt-BR.")


def text_filter(*, max_length: int, rule: TextRule | None = None, help_text: str = "", **kwargs: Any) -> filters.CharFilter:
    """A text parameter whose OpenAPI schema states exactly what the form field enforces
    (non-empty, `max_length`, the rule's pattern), so schema and server cannot drift."""
    schema: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": max_length}
    validators = []
    if rule is not None:
        schema["pattern"] = rule.pattern
        validators.append(RegexValidator(rule.pattern, rule.message))
    if help_text:
        schema["description"] = help_text
    field = filters.CharFilter(max_length=max_length, validators=validators, help_text=help_text, **kwargs)
    return extend_schema_field(schema)(field)


class DateOrDateTimeField(forms.Field):
    """ISO 8601 date (`2024-05-01`, meaning midnight UTC) or date-time (`2024-05-01T12:00:00Z`)."""

    default_error_messages = {
        "invalid": "Use an ISO 8601 date (2024-05-01) or date-time (2024-05-01T12:00:00Z).",
    }

    def to_python(self, value: str | None) -> datetime | None:
        if value in (None, ""):
            return None
        value = value.strip().replace(" ", "+")  # a '+' in a query string arrives as a space
        try:
            parsed = parse_datetime(value)
            if parsed is None:
                day = parse_date(value)
                parsed = datetime.combine(day, time.min) if day is not None else None
        except ValueError:
            parsed = None
        try:
            if parsed is None:
                raise ValueError
            if timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed, timezone.get_current_timezone())
            # In UTC: year 1 minus an offset does not exist, and PostgreSQL refuses offsets
            # beyond 15:59 that RFC 3339 allows (-18:48 was a 500).
            parsed = parsed.astimezone(UTC)
        except (ValueError, OverflowError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return parsed


@extend_schema_field(
    {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "string", "format": "date"}]}
)
class DateOrDateTimeFilter(filters.Filter):
    field_class = DateOrDateTimeField


class RatingSlugsField(forms.CharField):
    """Comma-separated rating slugs, each of which must exist (the scale is public)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return []
        slugs = [s.strip() for s in value.split(",") if s.strip()]
        known = set(Rating.objects.values_list("slug", flat=True))
        unknown = [s for s in slugs if s not in known]
        if unknown:
            # The caller's text goes in as a parameter: django-filter %-formats the message, and
            # a '%' in the query string would otherwise raise a TypeError (a 500).
            raise forms.ValidationError(
                "Unknown rating %(unknown)s; use one of: %(known)s.",
                code="invalid",
                params={"unknown": ", ".join(map(repr, unknown)), "known": ", ".join(sorted(known))},
            )
        return slugs


class RatingSlugsFilter(filters.Filter):
    field_class = RatingSlugsField

    def filter(self, qs, value):
        if not value:
            return qs
        if self.method:
            return self.get_method(qs)(qs, self.field_name, value)
        return qs.filter(**{f"{self.field_name}__in": value})


def _slug_filter(field_name: str, help_text: str) -> filters.CharFilter:
    return text_filter(field_name=field_name, max_length=220, rule=SLUG, help_text=help_text)


class FactCheckFilter(filters.FilterSet):
    q = text_filter(
        method="filter_q", max_length=search.MAX_QUERY_LENGTH, help_text="Full-text search over claim, headline and summary."
    )
    speaker = text_filter(method="filter_speaker", max_length=220, rule=SLUG, help_text="Speaker slug.")
    rating = RatingSlugsFilter(
        field_name="rating__slug", help_text="Rating slug; several separated by commas (`false,pants-on-fire`)."
    )
    tag = _slug_filter("claim__tags__slug", "Tag slug.")
    language = text_filter(
        field_name="claim__language", max_length=12, rule=LANGUAGE, help_text="Language of the claim, e.g. `en`."
    )
    published_after = DateOrDateTimeFilter(
        field_name="published_at", lookup_expr="gte", help_text="Published at or after (ISO 8601 date or date-time)."
    )
    published_before = DateOrDateTimeFilter(
        field_name="published_at", lookup_expr="lt", help_text="Published strictly before (ISO 8601 date or date-time)."
    )
    updated_since = DateOrDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Changed at or after: published, edited, corrected or retracted (incremental sync).",
    )
    status = filters.ChoiceFilter(
        choices=[(s.value, s.label) for s in PUBLIC_VERDICT_STATUSES], help_text="`published` or `retracted`."
    )
    slug = _slug_filter("slug", "The fact-check's slug (as in its public URL).")

    class Meta:
        model = Verdict
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[Verdict], name: str, value: str) -> QuerySet[Verdict]:
        return search.search_verdicts(queryset, value)

    def filter_speaker(self, queryset: QuerySet[Verdict], name: str, value: str) -> QuerySet[Verdict]:
        # Filter by the speaker's id, not a join on the slug: given the id, PostgreSQL's
        # statistics know a prolific speaker has tens of thousands of claims and walks the
        # published-date index instead of probing every one of them (148 ms -> a few ms).
        speaker_id = Speaker.objects.filter(slug=value).values_list("pk", flat=True).first()
        return queryset.filter(claim__speaker_id=speaker_id) if speaker_id else queryset.none()


class ClaimReviewFilter(FactCheckFilter):
    """The fact-check filters less `status`: only published fact-checks carry ClaimReview."""

    status = None


class ClaimFilter(filters.FilterSet):
    q = text_filter(method="filter_q", max_length=search.MAX_QUERY_LENGTH, help_text="Full-text search over the claim text.")
    speaker = _slug_filter("speaker__slug", "Speaker slug.")
    tag = _slug_filter("tags__slug", "Tag slug.")
    language = text_filter(field_name="language", max_length=12, rule=LANGUAGE, help_text="Language, e.g. `en`.")
    rating = RatingSlugsFilter(method="filter_rating", help_text="Rating of the claim's public fact-check.")
    updated_since = DateOrDateTimeFilter(field_name="updated_at", lookup_expr="gte", help_text="Changed at or after.")
    status = filters.ChoiceFilter(choices=ClaimStatus.choices, help_text="Workflow status (meaningful to staff).")

    class Meta:
        model = Claim
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        return search.search_claims(queryset, value)

    def filter_rating(self, queryset: QuerySet[Claim], name: str, value: list[str]) -> QuerySet[Claim]:
        # Only public verdicts count: a draft's rating must not be discoverable by filtering.
        rated = Verdict.objects.filter(status__in=PUBLIC_VERDICT_STATUSES, rating__slug__in=value)
        return queryset.filter(pk__in=rated.values("claim_id"))


class SpeakerFilter(filters.FilterSet):
    q = text_filter(field_name="name", lookup_expr="icontains", max_length=200, help_text="Part of the name.")
    country = text_filter(field_name="country", max_length=100, help_text="Country, as stored for the speaker.")
    updated_since = DateOrDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Speaker
        fields: list[str] = []


def _label_once(filterset: type[filters.FilterSet]) -> None:
    """Give each filter the label django-filter would give it, once, lazily.

    A FilterSet deep-copies its class's filters on every request and names each copy's form
    label then (through gettext): on a list request that was ~10% of the time, for a label
    the JSON API never shows. A lazy label is copied along and only built if a form is shown.
    """
    model = filterset._meta.model
    for filter_ in filterset.base_filters.values():
        if filter_._label is None:
            filter_.label = _lazy_label(model, filter_.field_name, filter_.lookup_expr, filter_.exclude)


_lazy_label = lazy(label_for_filter, str)

for _filterset in (FactCheckFilter, ClaimReviewFilter, ClaimFilter, SpeakerFilter):
    _label_once(_filterset)
