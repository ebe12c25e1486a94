"""Static files collect with the production storage (hashed, compressed) and pages use them."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.urls import reverse


@pytest.fixture
def collected(settings, tmp_path):
    """collectstatic of the project's own static/ into a temporary STATIC_ROOT, production storage."""
    settings.STATIC_ROOT = tmp_path
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    return tmp_path


def test_collectstatic_writes_hashed_and_compressed_files(collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    css = manifest["css/site.css"]
    assert css != "css/site.css" and (collected / css).is_file()
    assert (collected / (css + ".gz")).is_file()
    assert (collected / manifest["img/favicon.svg"]).is_file()


@pytest.mark.django_db
def test_pages_link_the_hashed_stylesheet(client, collected):
    manifest = json.loads((collected / "staticfiles.json").read_text())["paths"]
    html = client.get(reverse("claims:rating_list")).content.decode()
    assert f'<link rel="stylesheet" href="/static/{manifest["css/site.css"]}">' in html
