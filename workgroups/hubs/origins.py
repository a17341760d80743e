"""A website's origin as a hub types it, made the exact form a browser compares in CSP
``frame-ancestors`` and ``postMessage``: ``scheme://host[:port]``, lower case, the default port
left out, an international name in its ASCII form as browsers make it (UTS 46, IDNA 2008
non-transitional: ``straße.de`` stays itself, ``xn--strae-oqa.de``, not ``strasse.de``).
Pure: no database, no Django."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

import idna

MAX_LENGTH = 300  # the typed text; the origin made of it fits hubs.EmbedOrigin.origin too:
# idna refuses an ASCII name over DNS's 253 characters (or a label over 63), so an origin is at
# most "https://" + 253 + ":65535", 267 characters (tests/hubs/test_origins.py holds this).
# Plain http only for the machine itself (trying the embed on a site being built locally): a
# page served over http anywhere else could be altered on its way to the visitor.
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})
_DEFAULT_PORTS = {"https": 443, "http": 80}
_NUMBER = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")


class OriginError(ValueError):
    """The text is not a website address the embed can allow; the message says why."""


def parse_origin(text: str) -> str:
    """``text`` (``https://www.example.org``, with or without a final ``/``) as an origin, or
    OriginError saying what is wrong with it."""
    value = text.strip()
    if not value:
        raise OriginError("Enter your website's address, like https://www.example.org")
    if len(value) > MAX_LENGTH:
        raise OriginError(f"The address must be {MAX_LENGTH} characters or fewer")
    if "://" not in value:
        value = f"https://{value}"
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise OriginError("Enter the address as https:// followed by the site's name") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise OriginError("The address must start with https://")
    if "@" in parts.netloc:  # a user name or password (or an "@" the parser would take for one)
        raise OriginError("Enter the address without a user name or password")
    if parts.path not in ("", "/") or parts.query or parts.fragment or value.endswith(("?", "#")):
        raise OriginError("Enter only the site's address, without a page: like "
                          "https://www.example.org")
    if port == 0:  # browsers refuse to load anything from port 0
        raise OriginError("Enter the address as https:// followed by the site's name")
    host = _host(parts.hostname or "", bracketed="[" in parts.netloc)
    if scheme == "http" and host not in LOOPBACK_HOSTS:
        raise OriginError("The address must start with https://")
    shown_port = "" if port is None or port == _DEFAULT_PORTS[scheme] else f":{port}"
    return f"{scheme}://{host}{shown_port}"


def _host(name: str, *, bracketed: bool) -> str:
    if not name:
        raise OriginError("Enter the address as https:// followed by the site's name")
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        if bracketed:  # square brackets hold only an IPv6 address
            raise OriginError("That is not a website's name") from None
    else:
        # Browsers take neither an IPv4 address in brackets nor an IPv6 zone (``%eth0``), and
        # write an IPv4-mapped address in hex where Python writes it dotted: never equal.
        unlike_browsers = getattr(address, "scope_id", None) or getattr(address, "ipv4_mapped",
                                                                         None)
        if bracketed != (address.version == 6) or unlike_browsers:
            raise OriginError("That is not a website's name")
        return f"[{address.compressed}]" if address.version == 6 else address.compressed
    try:
        # Python's own "idna" codec is IDNA 2003, which maps ß to ss (another domain).
        ascii_name = idna.encode(name, uts46=True, transitional=False).decode("ascii").lower()
    except (idna.IDNAError, UnicodeError) as error:
        # idna holds the name to DNS's limits on its ASCII form (a name short as typed can
        # outgrow them: 日本 is xn--wgv71a) and every label to letters, digits and hyphens.
        if "too long" in str(error):
            raise OriginError("The website's name is too long") from None
        raise OriginError("That is not a website's name") from None
    labels = ascii_name.rstrip(".").split(".")
    if _NUMBER.match(labels[-1]):  # browsers read the name as an IPv4 address (1.2.3 = 1.2.0.3)
        raise OriginError("That is not a website's name")
    if len(labels) < 2 and ascii_name != "localhost":
        raise OriginError("Enter the site's full name, like www.example.org")
    return ".".join(labels)
