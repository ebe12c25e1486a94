"""Both Atom feeds are valid Atom (RFC 4287: every entry has id, title and updated), and every
feed answers a feed reader's conditional fetch (feedparser's etag / modified) with 304."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.urls import reverse

from claims import services
from tests.claims.public_helpers import make_factcheck

ATOM = "{http://www.w3.org/2005/Atom}"
FEEDS = ["feed_factchecks_atom", "feed_corrections_atom", "feed_factchecks_rss", "feed_corrections_rss"]


@pytest.fixture
def corrected(publish_verdict, editor, fact_checker, speaker):
    verdict = make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker, speaker=speaker,
                             correction="Fixed a date.")
    services.correction_add(verdict=verdict, note="Fixed a name.", editor=editor)
    return verdict


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["feed_factchecks_atom", "feed_corrections_atom"])
def test_every_atom_entry_has_the_elements_rfc_4287_requires(client, corrected, name):
    response = client.get(reverse(f"claims:{name}"))
    root = ET.fromstring(response.content)  # noqa: S314 - our own server's output
    assert root.tag == f"{ATOM}feed"
    for element in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{element}") is not None, element
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for element in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{element}") is not None, (element, ET.tostring(entry)[:300])
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo
    assert all(e.get("updated_parsed") for e in parsed.entries)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("name", FEEDS)
def test_feed_readers_get_304_for_an_unchanged_feed_and_200_once_it_changes(
    live_server, corrected, editor, fact_checker, publish_verdict, name
):
    url = live_server.url + reverse(f"claims:{name}")
    first = feedparser.parse(url)
    assert first.status == 200 and first.entries
    assert first.etag and first.modified

    by_etag = feedparser.parse(url, etag=first.etag)
    assert by_etag.status == 304 and not by_etag.entries
    by_date = feedparser.parse(url, modified=first.modified)
    assert by_date.status == 304
    assert feedparser.parse(url, etag=first.etag, modified=first.modified).status == 304

    services.correction_add(verdict=corrected, note="Fixed a figure.", editor=editor)
    make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker, text="Exports doubled.", headline="Newer")
    changed = feedparser.parse(url, etag=first.etag, modified=first.modified)
    assert changed.status == 200
    assert changed.etag != first.etag
