"""The newsroom roles and what each may do, in one place."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

FACT_CHECKER = "Fact-checker"
EDITOR = "Editor"

_CURATION = [
    "claims.view_claim", "claims.add_claim", "claims.change_claim",
    # Deleting a speaker is refused while any claim names it (`speaker_delete`), so curators
    # may clear junk speakers ingestion made.
    "claims.view_speaker", "claims.add_speaker", "claims.change_speaker", "claims.delete_speaker",
    "claims.view_speakeralias", "claims.add_speakeralias", "claims.change_speakeralias",
    "claims.delete_speakeralias",
    "claims.view_appearance", "claims.add_appearance", "claims.change_appearance",
    "claims.view_evidencelink", "claims.add_evidencelink", "claims.change_evidencelink",
    "claims.delete_evidencelink",
    "claims.view_verdict", "claims.add_verdict", "claims.change_verdict",
    "claims.view_rating", "claims.view_correction", "claims.view_tag", "claims.add_tag",
    "claims.view_externalfactcheck",
    "claims.view_revisionproposal",
    # Fact-checkers fix a source's title, publisher, URL and date (ingestion guesses them).
    "sources.view_source", "sources.add_source", "sources.change_source",
]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    FACT_CHECKER: _CURATION,
    EDITOR: _CURATION + [
        "claims.publish_verdict",
        "claims.add_correction",
        "claims.add_rating", "claims.change_rating",
        "claims.delete_claim",
        "claims.change_tag", "claims.delete_tag",
    ],
}


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def roles_setup(extra: dict[str, list[str]] | None = None) -> dict[str, Group]:
    """Create or refresh the role groups so they hold exactly their permissions."""
    definitions = {**ROLE_PERMISSIONS}
    for role, perms in (extra or {}).items():
        definitions[role] = definitions.get(role, []) + perms
    groups = {}
    with transaction.atomic():
        for role, perms in definitions.items():
            group, _ = Group.objects.get_or_create(name=role)
            group.permissions.set([_permission(p) for p in perms])
            groups[role] = group
    return groups
