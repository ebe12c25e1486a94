from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """Organisation name and site URL for every template (header, meta tags)."""
    return {
        "site_name": settings.FACTCHECK_ORGANIZATION_NAME,
        "site_url": settings.FACTCHECK_SITE_URL,
    }
