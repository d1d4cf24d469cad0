"""Who may talk to the endpoint: the Host it is reached under, and the Origin of writes.

DNS rebinding: a page on `evil.example` can make its own name resolve to 127.0.0.1, and
the browser then treats the endpoint as same-origin with the attacker's page. The Host
header still says `evil.example`, so a request is answered only if its Host names this
server: an IP address it listens on (any IP address when it listens on every interface),
`localhost` when it listens on loopback or everywhere, the name given to --host, or a name
given with --public-host (the name a proxy forwards under). The port is not compared:
rebinding changes which address a name points at, and a port forward changes the port.

CSRF: with --allow-update, a form on any page the user visits could POST an update to the
endpoint, and browsers send such forms cross-origin without asking anyone. Every write
therefore needs an Origin (or, failing that, a Referer) that is the endpoint's own origin,
or one given with --allowed-origin. Browsers send Origin with every cross-origin POST; a
request with neither header comes from a program (curl, SPARQLWrapper), not from a page,
and is let through, unless the browser's Sec-Fetch-Site says it is cross-site.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from werkzeug.wrappers import Request, Response

_WILDCARDS = {"", "0.0.0.0", "::"}


class HostCheck:
    """WSGI middleware answering 421 to a request whose Host does not name this server."""

    def __init__(self, app, listen_host: str, public_hosts=()):
        self.app = app
        self.listen_host = listen_host.strip("[]").lower()
        self.names = {h.lower() for h in public_hosts}
        self.addresses = {self.listen_host} if _is_ip(self.listen_host) else set()
        if not _is_ip(self.listen_host) and self.listen_host not in _WILDCARDS:
            self.names.add(self.listen_host)  # --host myhost.lan: its name and its addresses
            self.addresses |= _addresses_of(self.listen_host)
        if self.listen_host in _WILDCARDS or _is_loopback(self.listen_host):
            self.names.add("localhost")

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST")
        if host is None or self.allows(host):  # HTTP/1.0 without Host: nothing to rebind
            return self.app(environ, start_response)
        response = Response(
            f"this server does not answer to the name {host!r} (a protection against DNS "
            f"rebinding); if it is reached under that name, start it with "
            f"--public-host {_name(host) or 'NAME'}\n",
            status=421, content_type="text/plain; charset=utf-8")
        return response(environ, start_response)

    def allows(self, host: str) -> bool:
        name = _name(host)
        if name is None:
            return False
        if name in self.names:
            return True
        if _is_ip(name):
            return self.listen_host in _WILDCARDS or any(_same_ip(name, a)
                                                         for a in self.addresses)
        return False


def write_refusal(request: Request, allowed_origins=frozenset()) -> str | None:
    """Why this write must be refused (a cross-origin page sent it), or None if it may go on."""
    own = {f"{scheme}://{request.host}".lower() for scheme in ("http", "https")}
    allowed = own | {o.rstrip("/").lower() for o in allowed_origins}
    origin = request.headers.get("Origin")
    if origin is None and request.referrer:
        parts = urlsplit(request.referrer)
        origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else "null"
    if origin is not None:
        if origin.rstrip("/").lower() in allowed:
            return None
        return (f"updates are accepted only from this endpoint's own pages or an origin given "
                f"with --allowed-origin; this one came from {origin} (a protection against "
                f"cross-site request forgery)")
    if request.headers.get("Sec-Fetch-Site", "none") not in ("same-origin", "none"):
        return ("updates are accepted only from this endpoint's own pages or an origin given "
                "with --allowed-origin; this one came from another site")
    return None


def _name(host: str) -> str | None:
    """The host name of a Host header (`name`, `name:port`, `[v6]:port`), lower-cased, or
    None if it is not one (a userinfo `@` would make urlsplit read the wrong part)."""
    host = host.strip()
    if not host or any(c in host for c in "@/?#\\ \t"):
        return None
    parts = urlsplit(f"//{host}")
    try:
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    return (parts.hostname or "").rstrip(".") or None


def _addresses_of(name: str) -> set[str]:
    try:
        return {info[4][0] for info in socket.getaddrinfo(name, None)}
    except OSError:
        return set()


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _is_loopback(text: str) -> bool:
    return _is_ip(text) and ipaddress.ip_address(text).is_loopback or text == "localhost"


def _same_ip(a: str, b: str) -> bool:
    return _is_ip(b) and ipaddress.ip_address(a) == ipaddress.ip_address(b)
