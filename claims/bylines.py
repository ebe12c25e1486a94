"""The names readers and partners see for the staff behind a fact-check.

A byline carries the person's name (first and last name in their account), never the login:
usernames are credentials' other half and mean nothing to readers. An account without a
name is left out of the byline rather than shown by its login.
"""

from __future__ import annotations


def public_name(user) -> str:
    """The staff member's name as published, or "" when the account has none."""
    if user is None:
        return ""
    return " ".join(user.get_full_name().split())


def public_names(users) -> list[str]:
    return [name for name in (public_name(u) for u in users) if name]
