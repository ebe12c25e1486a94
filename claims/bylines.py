"""The names readers and partners see for the staff behind a fact-check.

A byline carries the person's name (first and last name in their account), never the login:
usernames are credentials' other half and mean nothing to readers. An account without a
name is left out of the byline rather than shown by its login.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractUser


def name_from_parts(first_name: str, last_name: str) -> str:
    """The published name from an account's first and last name ("" when both are empty)."""
    return " ".join(f"{first_name} {last_name}".split())


def public_name(user: AbstractUser | None) -> str:
    """The staff member's name as published, or "" when the account has none."""
    if user is None:
        return ""
    return name_from_parts(user.first_name, user.last_name)


def public_names(users: Iterable[AbstractUser]) -> list[str]:
    return [name for name in (public_name(u) for u in users) if name]
