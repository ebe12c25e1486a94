"""List filters for the claim lists. Each runs at most one small query to build itself, so the
changelist costs the same whatever the number of claims, speakers or sources."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Q

from claims import selectors
from claims.admin.base import InputFilter, parse_id
from claims.models import Appearance, Claim, Speaker, SpeakerAlias
from claims.services import normalize_name


class QueueStatusFilter(admin.SimpleListFilter):
    """Status, defaulting to candidates: the review queue is the candidates unless asked."""

    title = "status"
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Claim.Status.choices, (self.ALL, "All statuses")]

    def choices(self, changelist):
        current = self.value() or Claim.Status.CANDIDATE
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: value}, remove=["p"]
                ),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or Claim.Status.CANDIDATE
        if value == self.ALL:
            return queryset
        if value not in Claim.Status.values:
            return queryset.none()
        return queryset.filter(status=value)


class ScoreRangeFilter(admin.SimpleListFilter):
    title = "check-worthiness score"
    parameter_name = "score"
    RANGES = {
        "high": ("0.8 and above", Q(score__gte=0.8)),
        "medium": ("0.5 to 0.8", Q(score__gte=0.5, score__lt=0.8)),
        "low": ("0.2 to 0.5", Q(score__gte=0.2, score__lt=0.5)),
        "minimal": ("below 0.2", Q(score__lt=0.2)),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _) in self.RANGES.items()]

    def queryset(self, request, queryset):
        entry = self.RANGES.get(self.value() or "")
        return queryset.filter(entry[1]) if entry else queryset


class AssigneeFilter(admin.SimpleListFilter):
    title = "assignee"
    parameter_name = "assignee"
    ME = "me"
    NOBODY = "none"

    def lookups(self, request, model_admin):
        people = [(str(u.pk), u.get_username()) for u in selectors.assignable_users()]
        return [(self.ME, "Assigned to me"), (self.NOBODY, "Unassigned"), *people]

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.ME:
            return queryset.filter(assignee=request.user)
        if value == self.NOBODY:
            return queryset.filter(assignee__isnull=True)
        if not value:
            return queryset
        assignee_id = parse_id(value)
        if assignee_id is None:
            messages.error(request, f"No such assignee: {value[:100]!r}. Pick one from the filter.")
            return queryset.none()
        return queryset.filter(assignee_id=assignee_id)


class SpeakerFilter(InputFilter):
    """A speaker by any of their names or aliases (or by id, as links from speaker pages use)."""

    title = "speaker"
    parameter_name = "speaker"
    placeholder = "Name or alias"

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()
        if not value:
            return queryset
        speaker_id = parse_id(value)
        if speaker_id is not None:
            return queryset.filter(speaker_id=speaker_id)
        normalized = normalize_name(value)
        speakers = Speaker.objects.filter(
            Q(name__icontains=value)
            | Q(pk__in=SpeakerAlias.objects.filter(normalized__contains=normalized).values("speaker_id"))
        )
        return queryset.filter(speaker__in=speakers.values("pk"))


class SourceFilter(InputFilter):
    """Claims that appeared in one source, given by its id or URL."""

    title = "source"
    parameter_name = "source"
    placeholder = "Source id or URL"

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()
        if not value:
            return queryset
        source_id = parse_id(value)
        appearances = (
            Appearance.objects.filter(source_id=source_id)
            if source_id is not None
            else Appearance.objects.filter(source__url=value)
        )
        return queryset.filter(pk__in=appearances.values("claim_id"))


class PublisherFilter(InputFilter):
    title = "publisher"
    parameter_name = "publisher"
    placeholder = "e.g. The Hill"

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()
        if not value:
            return queryset
        appearances = Appearance.objects.filter(source__publisher__iexact=value)
        return queryset.filter(pk__in=appearances.values("claim_id"))
