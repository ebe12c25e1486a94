"""Pieces shared by the curation admin: audited model admins, a paginator that never counts a
million rows, free-text list filters, and turning service refusals into admin messages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from claims import publication
from claims.selectors import ESTIMATE_BEYOND, estimated_count
from claims.workflow import ConcurrentEditError, TransitionError

# Errors a service raises to refuse a request; the admin shows their message and changes nothing.
SERVICE_REFUSALS = (TransitionError, ConcurrentEditError, ValidationError, PermissionDenied)


# Ids are bigint primary keys; a longer number cannot be one (and overflows the database).
MAX_ID_DIGITS = 18


def parse_id(value: str) -> int | None:
    """An id typed or linked into a filter or search, or None when `value` is not one.

    ASCII digits only: str.isdigit() also accepts "²" or "١", which int() then refuses.
    """
    value = value.strip()
    if value.isascii() and value.isdigit() and len(value) <= MAX_ID_DIGITS:
        return int(value)
    return None


def refusal_message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc) or "You do not have permission to do that."


def adopt(obj: Model, saved: Model) -> None:
    """Copy a row a service created onto the admin's unsaved form instance, so the admin's
    own bookkeeping (log entry, redirect, inlines) continues with the real row."""
    for field in saved._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


def safe_url(url: str) -> str | None:
    """`url` if it is a web address; anything else (javascript:, data:) never becomes a link."""
    return url if url and url.lower().startswith(("http://", "https://")) else None


def admin_url(name: str, *args: object) -> str | None:
    """Reverse an admin URL that may belong to an app not installed (or not merged) yet."""
    try:
        return reverse(f"admin:{name}", args=args)
    except NoReverseMatch:
        return None


class EstimatedCountPaginator(Paginator):
    """Counts exactly up to `exact_up_to` rows, then estimates (see `selectors.estimated_count`).

    A changelist over a million claims must not run COUNT(*) over all of them on every page
    view.
    """

    exact_up_to = ESTIMATE_BEYOND

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return super().count
        return estimated_count(self.object_list, exact_up_to=self.exact_up_to)


class AuditedAdmin(SimpleHistoryAdmin):
    """A model admin whose "History" shows who changed what (django-simple-history).

    Reverting from the history page is disabled: it would write an old row back around the
    services, skipping workflow rules and optimistic locking.
    """

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    # Facet counts are one COUNT per filter choice over the whole list: too slow at scale.
    show_facets = admin.ShowFacets.NEVER

    def action_checkbox(self, obj) -> str:
        # Django renders this checkbox through the form-widget templates, once per row: on a
        # page of 50 claims that was a fifth of the page's time. The same markup, formatted.
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME, str(obj.pk), label,
        )

    def revert_disabled(self, request: HttpRequest, obj=None) -> bool:
        return True

    def history_form_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("Old versions can be viewed, not restored.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def refuse(self, request: HttpRequest, exc: Exception) -> None:
        self.message_user(request, refusal_message(exc), messages.ERROR)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The forms check what they can up front; this catches what only the service can know
        # at save time (a concurrent edit in between, a claim rejected meanwhile). The atomic
        # block of the admin view is rolled back, so nothing is half-saved.
        try:
            # One form with its inlines is one change: one publication event per fact-check.
            with publication.change_scope():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except (TransitionError, ConcurrentEditError, ValidationError) as exc:
            self.refuse(request, exc)
            return HttpResponseRedirect(request.get_full_path())


class InputFilter(admin.SimpleListFilter):
    """A list filter typed into a box (a name, a URL, an id) instead of a list of every value,
    which would mean a query and a page of links per speaker or source."""

    template = "admin/claims/input_filter.html"
    placeholder = ""

    def lookups(self, request, model_admin) -> Iterable[tuple[str, str]]:
        return ()

    def has_output(self) -> bool:
        return True

    def choices(self, changelist):
        hidden = [
            (name, value)
            for name, values in changelist.filter_params.items()
            if name != self.parameter_name
            for value in values
        ]
        yield {
            "parameter_name": self.parameter_name,
            "value": self.value() or "",
            "placeholder": self.placeholder,
            "hidden": hidden,
            "clear_url": changelist.get_query_string(remove=[self.parameter_name]),
        }


def staff_user(request: HttpRequest) -> AbstractUser:
    """`request.user` in an admin view: the admin site serves its views to signed-in staff only
    (`admin_site.admin_view`), so it is never AnonymousUser there."""
    return cast(AbstractUser, request.user)
