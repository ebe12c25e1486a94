"""The curation dashboard on the admin index page."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django import template
from django.template import Context
from django.utils import timezone

from claims import selectors

register = template.Library()


def start_of_week(now: datetime | None = None) -> datetime:
    """Monday 00:00 of the current week, in the newsroom's time zone."""
    today = timezone.localtime(now).date()
    monday = today - timedelta(days=today.weekday())
    return timezone.make_aware(datetime.combine(monday, time.min))


@register.simple_tag(takes_context=True)
def curation_dashboard(context: Context) -> dict | None:
    """Four cheap figures for the people who curate; nothing for anyone else."""
    user = context["request"].user
    if not user.has_perm("claims.view_claim"):
        return None
    week = start_of_week()
    return {
        "queue_size": selectors.queue_size(),
        "in_research": selectors.in_research_by_assignee(),
        "awaiting_review": selectors.verdicts_awaiting_review(),
        "published_this_week": selectors.verdicts_published_since(week),
        "week_start": week,
    }
