"""The curation admin: review queue, claim and verdict workflow, speakers, reference data.

Thin by design: every write goes through `claims.services` and every workflow rule lives in
`claims.workflow`.
"""

from claims.admin import claims, reference, speakers, verdicts  # noqa: F401  (registers the admins)
