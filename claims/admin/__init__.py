"""The curation admin: review queue, claim and verdict workflow, speakers, reference data.

Thin by design: every write goes through `claims.services` and every workflow rule lives in
`claims.workflow`.
"""

from django.conf import settings
from django.contrib import admin

from claims.admin import claims, matching, proposals, publication, reference, speakers, verdicts  # noqa: F401  (registers the admins)

admin.site.site_header = f"{settings.FACTCHECK_ORGANIZATION_NAME} — curation"
admin.site.site_title = f"{settings.FACTCHECK_ORGANIZATION_NAME} curation"
admin.site.index_title = "Curation"
