"""How API callers identify themselves: a partner API key in `Authorization: Api-Key <key>`,
or (for staff) the admin session."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db import router
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request
from rest_framework_api_key.permissions import KeyParser

from claims.api.prepared import Prepared
from partners.models import Partner, PartnerAPIKey

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
        api_key = usable_key(key)
        if api_key is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked API key.")
        if api_key.has_expired:
            raise exceptions.AuthenticationFailed("This API key has expired.")
        return AnonymousUser(), api_key


_KEY_FIELDS = [f.attname for f in PartnerAPIKey._meta.concrete_fields]
_PARTNER_FIELDS = [f.attname for f in Partner._meta.concrete_fields]
# Every API request checks its key: the lookup is `get_from_key`'s (usable keys of active
# partners, by prefix), compiled once rather than on every request, where building the query
# cost more than the database took to answer it. Nothing is cached between requests, so a
# key revoked or a partner deactivated stops working with the next request.
_USABLE_BY_PREFIX = Prepared(
    lambda prefixes: PartnerAPIKey.objects.get_usable_keys()
    .filter(prefix__in_array=prefixes)
    .values(*_KEY_FIELDS, *(f"partner__{name}" for name in _PARTNER_FIELDS)),
    "prefixes",
)


def usable_key(key: str) -> PartnerAPIKey | None:
    """The unrevoked key of an active partner that `key` is (its prefix found, its secret
    verified), with its partner loaded; None for any other. Expiry is the caller's check."""
    prefix, _, _ = key.partition(".")
    rows = _USABLE_BY_PREFIX.rows(PartnerAPIKey, prefixes=[prefix])
    if not rows:
        return None
    row = rows[0]
    alias = router.db_for_read(PartnerAPIKey)
    api_key = PartnerAPIKey.from_db(alias, _KEY_FIELDS, [row[name] for name in _KEY_FIELDS])
    api_key.partner = Partner.from_db(alias, _PARTNER_FIELDS, [row[f"partner__{name}"] for name in _PARTNER_FIELDS])
    return api_key if api_key.is_valid(key) else None


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
