from __future__ import annotations

from django.conf import settings
from rest_framework import exceptions, permissions
from rest_framework.request import Request

from partners.api.authentication import is_staff, partner_key


class PartnerReadAccess(permissions.BasePermission):
    """Reads for partner keys and staff sessions; anonymous reads only when the setting allows."""

    message = "Authenticate with an API key: send the header `Authorization: Api-Key <key>`."

    def has_permission(self, request: Request, view) -> bool:
        if partner_key(request) is not None or is_staff(request):
            return True
        return request.method in permissions.SAFE_METHODS and settings.FACTCHECK_API_ANONYMOUS_READS


class PartnerOnly(permissions.BasePermission):
    """Writes on behalf of a partner (tips, webhook registration) need a partner key."""

    message = "This endpoint needs a partner API key: `Authorization: Api-Key <key>`."

    def has_permission(self, request: Request, view) -> bool:
        return partner_key(request) is not None


class ExplainAuthenticationMixin:
    """A 401 that says how to authenticate, instead of DRF's generic wording."""

    def permission_denied(self, request: Request, message=None, code=None):
        if request.authenticators and not request.successful_authenticator:
            raise exceptions.NotAuthenticated(message)
        super().permission_denied(request, message=message, code=code)
