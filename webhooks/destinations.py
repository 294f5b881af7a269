"""Where a webhook may be sent: only to public internet addresses, unless
settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES (development and tests) allows the others.

Otherwise anyone who may subscribe could make KRUZ's servers POST into the network they
run in (a database, a cloud metadata service at 169.254.169.254). The address is checked
when the subscription is saved and again at each sending, and the request goes to the
address that was checked, so a name that resolves elsewhere the second time (DNS
rebinding) gains nothing. Redirects are not followed."""

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

SCHEMES = {"http": 80, "https": 443}


class UnsafeDestination(Exception):
    """The address may not receive webhooks; the message says why, for the person who
    entered it."""


def validate_destination(url):
    """The model's and the API's validator for a subscription's URL. A malformed one is
    left to the URL field's own validator, which says what is wrong, unresolved."""
    try:
        URLValidator()(url)  # the one URLField runs
    except ValidationError:
        return
    try:
        resolve(url)
    except UnsafeDestination as error:
        raise ValidationError(str(error), code="unsafe_destination") from error


def resolve(url):
    """(host, port, [addresses that may be connected to]) or UnsafeDestination."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as error:  # a malformed [IPv6] host
        raise UnsafeDestination(_("Enter an http or https address with a host name.")) from error
    if parts.scheme not in SCHEMES or not host:
        raise UnsafeDestination(_("Enter an http or https address with a host name."))
    if parts.username or parts.password:
        raise UnsafeDestination(_("Put no user name or password in the address."))
    try:
        port = parts.port or SCHEMES[parts.scheme]
    except ValueError as error:
        raise UnsafeDestination(_("The port of this address is not a number.")) from error
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeDestination(
            _("%(host)s cannot be resolved to an address.") % {"host": host}
        ) from error
    addresses = list(dict.fromkeys(info[4][0] for info in found))
    refused = [address for address in addresses if not may_receive(address)]
    if refused or not addresses:
        raise UnsafeDestination(
            _(
                "%(host)s resolves to %(address)s, a private, loopback or reserved "
                "address; webhooks go only to public internet addresses."
            )
            % {"host": host, "address": ", ".join(refused)}
        )
    return host, port, addresses


def may_receive(address):
    ip = ipaddress.ip_address(address.split("%")[0])
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    if ip.is_multicast or ip.is_unspecified:
        return False
    return ip.is_global or settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES


def connection(url, timeout):
    """An HTTP(S) connection to `url`'s host, made to the address just checked."""
    host, port, addresses = resolve(url)
    if urlsplit(url).scheme == "https":
        return PinnedHTTPSConnection(host, addresses[0], port=port, timeout=timeout)
    return PinnedHTTPConnection(host, addresses[0], port=port, timeout=timeout)


class PinnedHTTPConnection(http.client.HTTPConnection):
    """Sends Host: <host> but connects to the given address."""

    def __init__(self, host, address, **kwargs):
        super().__init__(host, **kwargs)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the given address, the certificate checked against the host name."""

    def __init__(self, host, address, **kwargs):
        super().__init__(host, context=ssl.create_default_context(), **kwargs)
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
