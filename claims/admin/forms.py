"""Forms of the curation admin: intermediate pages of actions, the verdict form with its
optimistic lock, and speaker aliases."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from claims import publication, selectors, speaker_names
from claims.models import Claim, EvidenceLink, Speaker, SpeakerAlias, Verdict
from claims.services import VERDICT_EDITABLE_FIELDS, normalize_name
from claims.workflow import (
    PUBLISHED_VERDICT_NEEDS_RATING,
    claim_verdict_refusal,
    stale_version_message,
)

PUBLIC_NOTE_FIELDS = ["public_note", "note_kind"]
NOTE_KINDS = [("update", "an update note"), ("correction", "a correction")]


class PublicNoteForm(forms.Form):
    """The public note an editor writes with a change to a published fact-check.

    The services refuse the change without it (`publication.NOTE_REQUIRED`); the form says so
    first, keeping what the editor typed on screen.
    """

    public_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        label="Public note",
        help_text="Needed to change a published fact-check: readers see it, dated, on the page "
        "(e.g. “Added a source on 2024 figures”).",
    )
    note_kind = forms.ChoiceField(
        choices=NOTE_KINDS, initial="update", required=False, widget=forms.RadioSelect, label="Publish it as"
    )

    # The form fields whose change a reader would see; subclasses name theirs.
    public_fields: tuple[str, ...] = ()

    def note_given(self) -> tuple[str, bool]:
        """(note text, whether it is a correction)."""
        data = getattr(self, "cleaned_data", {})
        return (data.get("public_note") or "").strip(), data.get("note_kind") == "correction"

    def is_public(self) -> bool:
        return False

    def clean(self):
        cleaned = super().clean()
        if (
            "public_note" in self.fields
            and self.is_public()
            and any(name in self.changed_data for name in self.public_fields)
            and not (cleaned.get("public_note") or "").strip()
        ):
            self.add_error("public_note", publication.NOTE_REQUIRED)
        return cleaned




class ClaimChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Claim) -> str:
        return f"#{obj.pk} · {obj.get_status_display()} · score {obj.score:.2f} — {obj}"


class KeepClaimForm(forms.Form):
    keep = ClaimChoiceField(
        queryset=Claim.objects.none(),
        widget=forms.RadioSelect,
        label="Keep this claim",
        help_text="The others become duplicates of it; their appearances and evidence move to it.",
        empty_label=None,
    )

    def __init__(self, *args, claims, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = claims


class KeepSpeakerForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Speaker.objects.none(),
        widget=forms.RadioSelect,
        label="Keep this speaker",
        help_text="The others' claims and aliases move to it and their names become its aliases.",
        empty_label=None,
    )

    def __init__(self, *args, speakers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = speakers


class AssigneeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        full_name = obj.get_full_name()
        return f"{obj.get_username()} ({full_name})" if full_name else obj.get_username()


class AssignForm(forms.Form):
    assignee = AssigneeChoiceField(
        queryset=get_user_model().objects.none(), label="Assign to", empty_label="Nobody (unassign)",
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = selectors.assignable_users()


class NoteForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        label="Public note",
        help_text="Readers see this note on the fact-check page.",
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        max_length=2000,
        widget=forms.TextInput(attrs={"size": 80, "autofocus": True}),
        label="Reason",
        help_text="e.g. “Opinion, not a checkable statement”. Staff only; kept in the history.",
    )


class VersionedForm(forms.ModelForm):
    """A model form carrying the `version` its object was loaded with (optimistic locking).

    Saving goes through a service taking `expected_version`, which refuses a stale version
    under a row lock; the check in `clean` turns the common case into a form error that keeps
    the user's text on screen.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    stale_subject = "This object"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "version" in self.fields:
            self.fields["version"].required = True
            self.initial.setdefault("version", self.instance.version)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "version" in self.fields:
            model = type(self.instance)
            loaded = cleaned.get("version")
            current = model.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            if loaded is not None and current is not None and loaded != current:
                last = model.history.filter(id=self.instance.pk).select_related("history_user").first()
                who = f"last saved by {last.history_user}" if last and last.history_user else "last saved"
                raise ValidationError(
                    stale_version_message(self.stale_subject, loaded=loaded, current=current, who=who),
                    code="stale",
                )
        return cleaned


class ClaimForm(PublicNoteForm, VersionedForm):
    """The claim as edited in the admin; saved by `services.claim_update(expected_version=...)`
    with the public note a published claim's change needs."""

    stale_subject = "This claim"
    public_fields = ("text", "speaker", "made_on", "tags", "language")

    class Meta:
        model = Claim
        fields = ["text", "speaker", "made_on", "tags", "language", "internal_note"]

    def is_public(self) -> bool:
        return bool(self.instance.pk) and publication.claim_is_published(self.instance.pk)


class VerdictForm(PublicNoteForm, VersionedForm):
    """The verdict as edited in the admin, carrying the `version` it was loaded with; saved by
    `services.verdict_update(expected_version=...)` with the public note a published
    verdict's change needs."""

    stale_subject = "This verdict"
    public_fields = VERDICT_EDITABLE_FIELDS

    class Meta:
        model = Verdict
        fields = ["claim", "headline", "rating", "summary", "body"]

    def is_public(self) -> bool:
        return bool(self.instance.pk) and self.instance.status == Verdict.Status.PUBLISHED

    def clean_claim(self):
        claim = self.cleaned_data.get("claim")
        refusal = claim_verdict_refusal(claim) if claim is not None and not self.instance.pk else None
        if refusal:
            raise ValidationError(refusal)
        return claim

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.is_public and "rating" in self.fields and cleaned.get("rating") is None:
            self.add_error("rating", PUBLISHED_VERDICT_NEEDS_RATING)
        return cleaned


class RevisionProposalForm(forms.Form):
    """A fact-checker's proposed change to a published claim (applied only once an editor approves)."""

    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}), required=False, label="Claim wording",
        help_text="Leave as it is to keep the published wording.",
    )
    add_url = forms.URLField(required=False, label="Add evidence: URL", assume_scheme="https")
    add_title = forms.CharField(required=False, max_length=300, label="Add evidence: title")
    add_publisher = forms.CharField(required=False, max_length=200, label="Add evidence: publisher")
    add_stance = forms.ChoiceField(choices=EvidenceLink.Stance.choices, initial=EvidenceLink.Stance.CONTEXT,
                                   label="Add evidence: stance")
    remove_link = forms.ModelChoiceField(queryset=EvidenceLink.objects.none(), required=False,
                                         label="Remove evidence", empty_label="Keep all evidence")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "cols": 80}), label="Why",
                           help_text="The editor reads this before approving; name your source.")

    def __init__(self, *args, claim: Claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].initial = claim.text
        self.fields["remove_link"].queryset = EvidenceLink.objects.filter(claim=claim).order_by("created_at")


class SpeakerAliasForm(forms.ModelForm):
    class Meta:
        model = SpeakerAlias
        fields = ["name"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        normalized = normalize_name(name)
        if not normalized:
            raise ValidationError("An alias needs letters or digits.")
        if not speaker_names.alias_allowed(name):
            raise ValidationError(
                f"“{name}” is a title or a common word: as an alias it would catch every other "
                "speaker it describes. Use the full name."
            )
        clash = (
            SpeakerAlias.objects.filter(normalized=normalized)
            .exclude(pk=self.instance.pk)
            .select_related("speaker")
            .first()
        )
        if clash is not None and clash.speaker_id != self.instance.speaker_id:
            raise ValidationError(
                f"“{name}” already names {clash.speaker} (#{clash.speaker_id}); merge the two "
                "speakers if they are the same person."
            )
        if clash is not None:
            raise ValidationError(f"“{name}” is already one of this speaker's aliases.")
        self.instance.normalized = normalized
        return name


class SpeakerAliasFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form) or not form.is_valid():
                continue
            normalized = normalize_name(form.cleaned_data.get("name", ""))
            if normalized in seen:
                raise ValidationError("The same alias is listed twice.")
            seen.add(normalized)


class EvidenceFormSet(forms.BaseInlineFormSet):
    """Evidence rows on a claim's or a verdict's page: changing the evidence of a published
    fact-check needs the public note of the page's main form."""

    def clean(self) -> None:
        super().clean()
        changed = any(form.has_changed() for form in self.forms) or any(
            self._should_delete_form(form) for form in self.forms if form.instance.pk
        )
        if not changed or (self.data.get("public_note") or "").strip():
            return
        parent = self.instance
        claim_id = parent.claim_id if isinstance(parent, Verdict) else parent.pk
        if claim_id and publication.claim_is_published(claim_id):
            raise ValidationError(publication.NOTE_REQUIRED)


class EvidenceLinkAdminForm(PublicNoteForm, forms.ModelForm):
    """An evidence link on its own admin page."""

    public_fields = ("url", "title", "publisher", "stance", "archived_url", "accessed_at", "note", "verdict")

    class Meta:
        model = EvidenceLink
        fields = ["claim", "verdict", "url", "title", "publisher", "stance", "archived_url", "accessed_at", "note"]

    def is_public(self) -> bool:
        claim = self.cleaned_data.get("claim") if not self.instance.pk else None
        claim_id = claim.pk if claim is not None else self.instance.claim_id
        return bool(claim_id) and publication.claim_is_published(claim_id)


class EvidenceLinkForm(forms.ModelForm):
    """An evidence inline row (on a claim or on a verdict); one URL once per claim."""

    class Meta:
        model = EvidenceLink
        fields = ["url", "title", "publisher", "stance", "archived_url", "accessed_at", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2, "cols": 30})}

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        claim_id = self.instance.claim_id
        if claim_id is None and self.instance.verdict_id is not None:
            claim_id = Verdict.objects.filter(pk=self.instance.verdict_id).values_list("claim_id", flat=True).first()
        if claim_id and EvidenceLink.objects.filter(claim_id=claim_id, url=url).exclude(pk=self.instance.pk).exists():
            raise ValidationError("This claim already has this evidence link.")
        return url
