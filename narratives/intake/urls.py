"""Fetching a URL safely: public addresses only, checked at every redirect, size-capped."""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from http import client as http_client
from urllib.parse import urljoin, urlsplit

from .document import FETCH_TIMEOUT, MAX_REDIRECTS, IntakeError


def is_public_address(address: str) -> bool:
    """True for globally routable unicast addresses: no loopback, private, link-local or reserved space."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_loopback or ip.is_link_local)


def check_url(url: str) -> tuple[str, str, int]:
    """Scheme, host and port of a URL Parallax may fetch, or an IntakeError."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise IntakeError("Only http and https URLs can be fetched.", "url_scheme")
    if not parts.hostname:
        raise IntakeError("This URL has no host name.", "url_host")
    if parts.username or parts.password:
        raise IntakeError("URLs with a user name or password are refused.", "url_auth")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise IntakeError("This URL's port is not a number.", "url_port") from exc
    return parts.scheme, parts.hostname, port


def resolve_public(host: str, port: int, *, allowed: Callable[[str], bool] | None = None) -> str:
    """One address of ``host``, after checking that every address it resolves to is public.

    Every address is checked (not just the first) so a name that mixes public and private records is
    refused; the connection then goes to the checked address, so a second DNS answer cannot swap it.
    """
    allowed = allowed or is_public_address
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise IntakeError(f"The host {host} could not be found.", "url_dns") from exc
    addresses = sorted({info[4][0] for info in infos})
    if not addresses:
        raise IntakeError(f"The host {host} could not be found.", "url_dns")
    for address in addresses:
        if not allowed(address):
            raise IntakeError(
                f"Refused: {host} points to a private or local network address ({address}). Parallax only "
                "fetches pages on the public internet.",
                "url_private",
            )
    return addresses[0]


class _PinnedHTTPConnection(http_client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http_client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content_type: str
    data: bytes


def fetch_url(url: str, *, max_bytes: int, timeout: float = FETCH_TIMEOUT, allowed=None) -> Fetched:
    """GET a public URL, following up to MAX_REDIRECTS redirects, each one checked again; size-capped."""
    for _ in range(MAX_REDIRECTS + 1):
        scheme, host, port = check_url(url)
        address = resolve_public(host, port, allowed=allowed)
        conn_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
        conn = conn_class(host, port, address, timeout)
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            conn.request(
                "GET",
                target,
                headers={"User-Agent": "Parallax article intake", "Accept": "text/html,text/plain,*/*;q=0.5"},
            )
            response = conn.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise IntakeError("The URL redirects without saying where to.", "url_redirect")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise IntakeError(f"The server answered {response.status} for this URL.", "url_status")
            length = response.getheader("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise IntakeError("The page at this URL is larger than the upload limit.", "url_size")
            data = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise IntakeError("The page at this URL is larger than the upload limit.", "url_size")
            return Fetched(url=url, content_type=response.getheader("Content-Type") or "", data=data)
        except (OSError, http_client.HTTPException) as exc:
            raise IntakeError(f"The URL could not be fetched ({type(exc).__name__}).", "url_fetch") from exc
        finally:
            conn.close()
    raise IntakeError(f"The URL redirects more than {MAX_REDIRECTS} times.", "url_redirect")
