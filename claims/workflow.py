"""The claim and verdict workflows, declared once.

The admin, the API and management commands all ask this module which transitions exist and
whether one is allowed, so a rule changed here changes everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser

from claims.models import Claim, Verdict

CS = Claim.Status
VS = Verdict.Status

# Permission needed to publish, retract, send back and correct verdicts (the Editor role).
PUBLISH_PERMISSION = "claims.publish_verdict"


class TransitionError(Exception):
    """A workflow step that is not allowed from the object's current state; the message says why."""


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
    from claims.models import EvidenceLink

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
