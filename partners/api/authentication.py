"""How API callers identify themselves: a partner API key in `Authorization: Api-Key <key>`,
or (for staff) the admin session."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request
from rest_framework_api_key.permissions import KeyParser

from partners.models import PartnerAPIKey

KEYWORD = "Api-Key"
# A challenge with a parameter: httplib2 (under Google's API client) cannot parse a bare
# scheme and raises MalformedHeader on every 401 instead of reporting it.
CHALLENGE = f'{KEYWORD} realm="api"'


class PartnerKeyAuthentication(authentication.BaseAuthentication):
    """Authenticates a partner by API key; `request.auth` is the PartnerAPIKey.

    A request without the header falls through to the next authenticator (session); a header
    with an unknown, revoked or expired key is refused outright rather than treated as
    anonymous, so a partner notices at once that their key stopped working.
    """

    key_parser = KeyParser()

    def authenticate(self, request: Request) -> tuple[AnonymousUser, PartnerAPIKey] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header.lower().startswith(KEYWORD.lower()):
            return None
        return self.authenticate_key(self.key_parser.get(request) or "")

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) with a WWW-Authenticate challenge.
        return CHALLENGE

    def authenticate_key(self, key: str) -> tuple[AnonymousUser, PartnerAPIKey]:
        key = key.strip()
        if not key or len(key) > 200:
            raise exceptions.AuthenticationFailed("Malformed API key.")
        try:
            api_key = PartnerAPIKey.objects.get_from_key(key)
        except PartnerAPIKey.DoesNotExist:
            raise exceptions.AuthenticationFailed("Invalid or revoked API key.") from None
        if api_key.has_expired:
            raise exceptions.AuthenticationFailed("This API key has expired.")
        return AnonymousUser(), api_key


class QueryKeyAuthentication(PartnerKeyAuthentication):
    """The key as `?key=`, the way Google's API clients send `developerKey`.

    Less safe than the header: a URL ends up in browser history, proxy logs and Referer
    headers. Only reads accept it, and only when no Authorization header was sent.
    """

    def authenticate(self, request: Request) -> tuple[AnonymousUser, PartnerAPIKey] | None:
        if "HTTP_AUTHORIZATION" in request.META or request.method not in ("GET", "HEAD"):
            return None
        key = request.query_params.get("key")
        if key is None:
            return None
        return self.authenticate_key(key)


class PartnerKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "partners.api.authentication.PartnerKeyAuthentication"
    name = "PartnerApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <key>`, with a key created by an admin under Partners.",
        }


class QueryKeyAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "partners.api.authentication.QueryKeyAuthentication"
    name = "PartnerApiKeyQuery"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "query",
            "name": "key",
            "description": "The key as `?key=<key>` (Google's `developerKey`), reads only. Less safe than the "
            "header: URLs are kept in histories and logs.",
        }


def partner_key(request: Request) -> PartnerAPIKey | None:
    return request.auth if isinstance(request.auth, PartnerAPIKey) else None


def is_staff(request: Request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and user.is_staff)
