"""Forms of the public site: the fact-check filters and the reader's "submit a claim" form."""

from __future__ import annotations

from django import forms
from django.conf import settings

from claims.models import Rating, Speaker, Tag
from claims.search import MAX_QUERY_LENGTH


class FactCheckFilterForm(forms.Form):
    """Filters of the fact-check index, read from the query string.

    Speaker and tag are slugs reached from links (a speaker or tag on a card); a select of
    thousands of speakers would help nobody, so they are not drop-downs.
    """

    q = forms.CharField(
        label="Search fact-checks", required=False, max_length=MAX_QUERY_LENGTH, strip=True
    )
    rating = forms.ModelChoiceField(
        label="Rating",
        queryset=Rating.objects.order_by("position", "label"),
        to_field_name="slug",
        required=False,
        empty_label="Any rating",
        error_messages={"invalid_choice": "There is no such rating; choose one from the list."},
    )
    speaker = forms.SlugField(required=False, widget=forms.HiddenInput)
    tag = forms.SlugField(required=False, widget=forms.HiddenInput)

    def clean_speaker(self) -> Speaker | None:
        slug = self.cleaned_data["speaker"]
        if not slug:
            return None
        speaker = Speaker.objects.filter(slug=slug).first()
        if speaker is None:
            raise forms.ValidationError("There is no such speaker.")
        return speaker

    def clean_tag(self) -> Tag | None:
        slug = self.cleaned_data["tag"]
        if not slug:
            return None
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            raise forms.ValidationError("There is no such topic.")
        return tag


class ClaimTipForm(forms.Form):
    """A reader asks us to check a claim. `website` is a honeypot: people never see it."""

    HONEYPOT = "website"

    text = forms.CharField(
        label="The claim you want checked",
        max_length=settings.FACTCHECK_TIP_MAX_CHARS,
        min_length=10,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Quote it as exactly as you can.",
    )
    url = forms.URLField(
        label="Where you saw it (link)",
        required=False,
        max_length=2000,
        assume_scheme="https",
        help_text="Optional: a link to the article, post or video.",
    )
    speaker_name = forms.CharField(
        label="Who said it", required=False, max_length=200, strip=True, help_text="Optional."
    )
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self) -> bool:
        return bool(self.data.get(self.HONEYPOT, "").strip())
