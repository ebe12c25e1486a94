"""The claim and verdict workflows, declared once: the transitions, who may change published
material, and every guard with its message.

The admin, the API and management commands all ask this module which transitions exist and
whether one is allowed, so a rule changed here changes everywhere. Services raise from the
guards; forms and admin pages ask the same guards to decide what to offer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import PermissionDenied

from claims.models import Claim, EvidenceLink, Verdict

CS = Claim.Status
VS = Verdict.Status

# Permission needed to publish, retract, send back and correct verdicts (the Editor role).
PUBLISH_PERMISSION = "claims.publish_verdict"


class TransitionError(Exception):
    """A workflow step that is not allowed from the object's current state; the message says why."""


class ConcurrentEditError(Exception):
    """Someone else saved the object after it was loaded; saving would overwrite their work."""


# The gate to published content ----------------------------------------------------------
#
# Everything a reader or partner sees of a fact-check (claim text, speaker, date, tags,
# appearances, evidence, verdict fields, rating) is published material once the claim has a
# public verdict. Only editors change it; fact-checkers propose a revision an editor approves.

PUBLIC_VERDICT_STATUSES = (VS.PUBLISHED, VS.RETRACTED)
# Claim fields a reader or partner sees; the internal note stays staff-only and editable.
CLAIM_PUBLIC_FIELDS = ("text", "speaker", "made_on", "language", "tags")

PUBLISHED_CONTENT_REFUSAL = (
    "Only editors can {what}: it is part of a published fact-check. Propose a revision "
    "instead; an editor reviews it."
)


def can_change_published(user: AbstractUser | None) -> bool:
    """May `user` change what readers and partners see of a published fact-check?"""
    return bool(user is not None and user.is_active and user.has_perm(PUBLISH_PERMISSION))


def require_change_published(user: AbstractUser | None, what: str) -> None:
    """Raise PermissionDenied naming `what` unless `user` may change published material."""
    if not can_change_published(user):
        raise PermissionDenied(PUBLISHED_CONTENT_REFUSAL.format(what=what))


def claim_is_public(claim: Claim | int | None) -> bool:
    """Has the claim a published or retracted verdict (a page readers can open)?"""
    claim_id = claim.pk if isinstance(claim, Claim) else claim
    if claim_id is None:
        return False
    return Verdict.objects.filter(claim_id=claim_id, status__in=PUBLIC_VERDICT_STATUSES).exists()


# Speaker fields readers see beside a published fact-check (and in ClaimReview's author).
SPEAKER_PUBLIC_FIELDS = ("name", "role", "affiliation", "country", "wikidata_id")


def speaker_is_public(speaker_id: int | None) -> bool:
    """Is the speaker named on a published or retracted fact-check?"""
    if speaker_id is None:
        return False
    return Verdict.objects.filter(claim__speaker_id=speaker_id, status__in=PUBLIC_VERDICT_STATUSES).exists()


def require_claim_changeable(user: AbstractUser | None, claim: Claim | int | None, what: str) -> None:
    """Public claims are changed only by those who may change published material."""
    if claim_is_public(claim):
        require_change_published(user, what)


# Guards and their messages -------------------------------------------------------------


def claim_assign_refusal(claim: Claim) -> str | None:
    """Why nobody can be assigned to `claim`, or None when they can."""
    if claim.status in (CS.DUPLICATE, CS.PUBLISHED):
        return f"Claim #{claim.pk} is {claim.get_status_display().lower()}; there is nothing to assign."
    return None


def claim_assign_conflict(claim: Claim, *, expected_assignee_id: int | None) -> str | None:
    """Compare-and-set of an assignment: why it is refused when the claim's assignee is no
    longer the one the curator saw (`expected_assignee_id`, None for unassigned)."""
    if claim.assignee_id == expected_assignee_id:
        return None
    if claim.assignee_id is None:
        return f"Claim #{claim.pk} was unassigned meanwhile; look again before reassigning it."
    holder = claim.assignee.get_username() if claim.assignee is not None else f"user #{claim.assignee_id}"
    return (
        f"Claim #{claim.pk} is already assigned to {holder}; "
        "reassign it from the claim page if that should change."
    )


def stale_version_message(subject: str, *, loaded: int, current: int, who: str = "") -> str:
    """The one message for a save refused because someone else saved first."""
    by = f" ({who})" if who else ""
    return (
        f"{subject} was changed by someone else since you opened it{by}: you loaded version "
        f"{loaded}, it is now version {current}. Nothing was saved: open it again to see their "
        "changes, then re-apply yours."
    )


PUBLISHED_VERDICT_NEEDS_RATING = "A published verdict must keep a rating."
RETRACTION_NEEDS_NOTE = "Say why the verdict is retracted: readers see this note."
MERGE_NEEDS_OTHERS = "Choose at least one other claim to merge into the kept one."


def claim_merge_keep_refusal(kept: Claim | None, pk: int) -> str | None:
    """Why claims cannot be merged into claim `pk` (`kept`, None if it is gone)."""
    if kept is None or kept.status == CS.DUPLICATE:
        return f"Claim #{pk} is itself a duplicate; merge into the claim it duplicates."
    return None


def claim_merge_refusal(other: Claim | None, pk: int) -> str | None:
    """Why claim `pk` (`other`, None if it is gone) cannot be merged into another one."""
    if other is None:
        return f"Claim #{pk} no longer exists."
    if other.status not in CLAIM_MERGEABLE:
        return f"Cannot merge claim #{pk}: it is {other.get_status_display().lower()}."
    return None


def verdict_missing_for_publication(verdict: Verdict) -> list[str]:
    """What a verdict still lacks before it may be published (empty when complete)."""
    return verdict_missing_for(verdict, "publish")


def verdict_incomplete_refusal(verdict: Verdict) -> str | None:
    """The refusal to publish a verdict that lacks something, else None."""
    return verdict_requirements_refusal(verdict, "publish")


def verdict_publish_refusal(verdict: Verdict) -> str | None:
    """One published verdict per claim: why this one cannot be published next to another."""
    if Verdict.objects.filter(claim_id=verdict.claim_id, status=VS.PUBLISHED).exclude(pk=verdict.pk).exists():
        return f"Claim #{verdict.claim_id} already has a published verdict; retract it first."
    return None


def verdict_deletable(verdict: Verdict) -> bool:
    """Only drafts may disappear; anything submitted or published stays on the record."""
    return verdict.status == VS.DRAFT


def correction_refusal(verdict: Verdict) -> str | None:
    if not verdict.is_public:
        return "Only published verdicts take corrections; edit the draft instead."
    return None


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    permission: str | None = None

    def allowed_from(self, status: str) -> bool:
        return status in self.sources


def _t(action: str, label: str, sources: set[str], target: str, permission: str | None = None):
    return Transition(action, label, frozenset(sources), target, permission)


CLAIM_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        _t("accept", "Accept", {CS.CANDIDATE, CS.REJECTED}, CS.ACCEPTED),
        _t("reject", "Reject", {CS.CANDIDATE, CS.ACCEPTED, CS.IN_RESEARCH}, CS.REJECTED),
        _t("start_research", "Mark in research", {CS.CANDIDATE, CS.ACCEPTED}, CS.IN_RESEARCH),
        _t("reopen", "Reopen as candidate", {CS.REJECTED}, CS.CANDIDATE),
    ]
}

# Statuses a claim reaches only through its verdict, never by a curator's direct action.
CLAIM_STATUS_FOLLOWING_VERDICT: dict[str, str] = {
    VS.DRAFT: CS.IN_RESEARCH,
    VS.IN_REVIEW: CS.RATED,
    VS.PUBLISHED: CS.PUBLISHED,
    VS.RETRACTED: CS.IN_RESEARCH,
}

# A claim in these states can be merged into another one as a duplicate.
CLAIM_MERGEABLE = frozenset({CS.CANDIDATE, CS.ACCEPTED, CS.REJECTED, CS.IN_RESEARCH})

VERDICT_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        _t("submit", "Submit for review", {VS.DRAFT}, VS.IN_REVIEW, "claims.change_verdict"),
        _t("send_back", "Send back to draft", {VS.IN_REVIEW}, VS.DRAFT, PUBLISH_PERMISSION),
        _t("publish", "Publish", {VS.DRAFT, VS.IN_REVIEW}, VS.PUBLISHED, PUBLISH_PERMISSION),
        _t("retract", "Retract", {VS.PUBLISHED}, VS.RETRACTED, PUBLISH_PERMISSION),
    ]
}


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label).lower()
    except ValueError:
        return value


def _transition_for(table: dict[str, Transition], choices, status: str, action: str, subject: str) -> Transition:
    transition = table.get(action)
    if transition is None:
        raise TransitionError(f"Unknown action {action!r} for {subject}.")
    if not transition.allowed_from(status):
        allowed = ", ".join(sorted(_label(choices, s) for s in transition.sources))
        raise TransitionError(
            f"Cannot {transition.label.lower()} {subject}: it is "
            f"{_label(choices, status)}; allowed only from {allowed}."
        )
    return transition


def claim_transition_for(claim: Claim, action: str) -> Transition:
    """Return the transition for `action`, or raise TransitionError naming why it is refused."""
    return _transition_for(CLAIM_TRANSITIONS, CS, claim.status, action, f"claim #{claim.pk}")


def verdict_transition_for(verdict: Verdict, action: str) -> Transition:
    """Return the transition for `action`, or raise TransitionError naming why it is refused."""
    return _transition_for(VERDICT_TRANSITIONS, VS, verdict.status, action, f"“{verdict.headline}”")


def available_claim_actions(claim: Claim) -> list[Transition]:
    return [t for t in CLAIM_TRANSITIONS.values() if t.allowed_from(claim.status)]


def available_verdict_actions(verdict: Verdict, user: AbstractUser) -> list[Transition]:
    return [
        t
        for t in VERDICT_TRANSITIONS.values()
        if t.allowed_from(verdict.status) and (t.permission is None or user.has_perm(t.permission))
    ]


# Guards: what a step needs besides the right starting status. Declared here, next to the
# transitions, so the services refuse, the admin explains and the buttons hide from one rule.


@dataclass(frozen=True)
class Requirement:
    """Something a verdict must carry before a step; `what` is said in the refusal."""

    what: str
    met: Callable[[Verdict], bool]


def _has_evidence(verdict: Verdict) -> bool:
    return EvidenceLink.objects.filter(claim_id=verdict.claim_id).exists()


VERDICT_CONTENT = (
    Requirement("a rating", lambda v: v.rating_id is not None),
    Requirement("a headline", lambda v: bool(v.headline.strip())),
    Requirement("a summary", lambda v: bool(v.summary.strip())),
    Requirement("at least one evidence link", _has_evidence),
)

# An editor reviews a complete fact-check: what publishing needs, submitting needs already.
VERDICT_STEP_REQUIREMENTS: dict[str, tuple[Requirement, ...]] = {
    "submit": VERDICT_CONTENT,
    "publish": VERDICT_CONTENT,
}

_STEP_PHRASES = {"submit": "submitted for review", "publish": "published"}


def verdict_missing_for(verdict: Verdict, action: str) -> list[str]:
    """What `verdict` still lacks before `action` (empty when nothing is missing)."""
    return [r.what for r in VERDICT_STEP_REQUIREMENTS.get(action, ()) if not r.met(verdict)]


def verdict_requirements_refusal(verdict: Verdict, action: str) -> str | None:
    """The refusal for `action` when the verdict lacks something, else None."""
    missing = verdict_missing_for(verdict, action)
    if not missing:
        return None
    return f"“{verdict.headline}” cannot be {_STEP_PHRASES.get(action, action)} yet: it needs {', '.join(missing)}."


# A verdict is drafted on a claim someone decided to check: a candidate is accepted first, so
# the queue's decision is never skipped (and recorded, by whom and when, in the history).
CLAIM_VERDICT_REFUSALS: dict[str, str] = {
    CS.CANDIDATE: "Claim #{pk} is still a candidate: accept it before drafting a verdict.",
    CS.REJECTED: "Claim #{pk} is rejected; it cannot get a verdict (reopen it first).",
    CS.DUPLICATE: "Claim #{pk} is a duplicate; draft the verdict on the claim it duplicates.",
}


def claim_verdict_refusal(claim: Claim) -> str | None:
    """Why `claim` may not get a new draft verdict now, or None when it may."""
    message = CLAIM_VERDICT_REFUSALS.get(claim.status)
    return message.format(pk=claim.pk) if message else None


# Steps that must say why: colleagues (and the history) see the reason.
CLAIM_ACTIONS_NEEDING_REASON = frozenset({"reject"})


def claim_reason_refusal(claim: Claim, action: str, reason: str) -> str | None:
    if action in CLAIM_ACTIONS_NEEDING_REASON and not reason.strip():
        return f"Say why claim #{claim.pk} is rejected: colleagues see the reason in its history."
    return None
