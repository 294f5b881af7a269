from rest_framework.throttling import AnonRateThrottle

from kruz.security import client_ip


class AnonymousRateThrottle(AnonRateThrottle):
    """API_ANON_RATE per client address, counted in the shared cache (CACHES), so neither
    more workers nor a forged X-Forwarded-For raise it: the address is the socket's, or
    the one the outermost of TRUSTED_PROXY_COUNT proxies saw (kruz.security.client_ip)."""

    def get_ident(self, request):
        return client_ip(request)
