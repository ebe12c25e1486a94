"""Rate limits keyed on the API key (not the client address, which a partner's servers share)."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from factcheck.clientip import client_ip
from partners.api.authentication import is_staff, partner_key


class _SettingsRateThrottle(SimpleRateThrottle):
    # Rates come from settings.FACTCHECK_API_RATES, read per request (not frozen at import
    # like DRF's DEFAULT_THROTTLE_RATES), so a deployment or a test can change them.
    def get_rate(self) -> str | None:
        return settings.FACTCHECK_API_RATES.get(self.scope)

    def get_ident(self, request) -> str:
        # DRF's own get_ident trusts X-Forwarded-For when NUM_PROXIES is unset; the API counts
        # the same client address as the rest of the site (FACTCHECK_NUM_PROXIES).
        return client_ip(request)

    def wait(self) -> float:
        """Seconds until the next request would pass, for `Retry-After`.

        DRF's own answer is None (no header at all) once the window holds more requests than
        the rate allows, as it does right after the rate was lowered: the next request passes
        when all but `num_requests - 1` of them have left the window.
        """
        if self.num_requests <= 0 or not self.history:
            return float(self.duration)
        blocking = self.history[min(self.num_requests, len(self.history)) - 1]
        return max(1.0, self.duration - (self.now - blocking))


class PartnerRateThrottle(_SettingsRateThrottle):
    """One budget per API key; staff per user; anonymous readers per client address."""

    scope = "partner"

    def get_cache_key(self, request, view) -> str | None:
        key = partner_key(request)
        if key is not None:
            self.scope = "partner"
            ident = f"key:{key.pk}"
        elif is_staff(request):
            self.scope = "partner"
            ident = f"user:{request.user.pk}"
        else:
            self.scope = "anonymous"
            ident = f"ip:{self.get_ident(request)}"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return f"factcheck:throttle:{self.scope}:{ident}"


class TipRateThrottle(_SettingsRateThrottle):
    """A separate, smaller budget for tips, per API key."""

    scope = "tips"

    def get_cache_key(self, request, view) -> str | None:
        if request.method != "POST":
            return None
        key = partner_key(request)
        ident = f"key:{key.pk}" if key is not None else f"ip:{self.get_ident(request)}"
        return f"factcheck:throttle:tips:{ident}"
