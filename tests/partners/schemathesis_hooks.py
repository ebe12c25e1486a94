"""schemathesis hooks for tests/partners/test_api_fuzzing.py.

Cursors (`cursor`, Google's `pageToken`) are opaque tokens only the server issues: a generated
one is never a real position, so the server rightly refuses it, and schemathesis would report
that as "valid data rejected". Generated cases are sent without them; the stateful phase still pages
with the `next_cursor` values responses hand back. Refusing forged and foreign cursors is
tested in tests/claims/test_api_factchecks.py and test_api_search_and_claimreview.py.
"""

from __future__ import annotations

import schemathesis

OPAQUE = ("cursor", "pageToken")


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    # Every phase goes through here (the coverage phase bypasses the generation hooks).
    if case.query:
        for name in OPAQUE:
            case.query.pop(name, None)
