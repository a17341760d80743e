"""Comparing the addresses an applicant types for their supporters and team with their own.

A supporter's address that is the applicant's own mailbox is refused: the service would be
emailing the applicant a request to back themselves. "Own mailbox" ignores letter case and a
``+tag`` after the local part (``alex+head@school.org`` reaches ``alex@school.org``). An address
on the same domain as the applicant's is allowed (colleagues at one school share a domain) but
flagged to the hub's staff on the application page, since an applicant who owns a domain could
make up a "headteacher" on it. The big public mail domains are not flagged: sharing one says
nothing.
"""

from __future__ import annotations

PUBLIC_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk", "live.com",
    "live.co.uk", "msn.com", "yahoo.com", "yahoo.co.uk", "icloud.com", "me.com", "mac.com",
    "aol.com", "aol.co.uk", "btinternet.com", "sky.com", "talktalk.net", "virginmedia.com",
    "protonmail.com", "proton.me", "gmx.com", "gmx.co.uk", "mail.com", "zoho.com",
})


def _parts(address: str) -> tuple[str, str]:
    local, at, domain = address.strip().lower().rpartition("@")
    if not at:
        return domain, ""
    return local.split("+", 1)[0], domain


def mailbox(address: str) -> str:
    """The address as one mailbox: lower case, no ``+tag``; "" for no address."""
    local, domain = _parts(address)
    return f"{local}@{domain}" if domain else ""


def same_mailbox(address: str, other: str) -> bool:
    """The two addresses reach one mailbox (case and a ``+tag`` ignored)."""
    if not address.strip() or not other.strip():
        return False
    return _parts(address) == _parts(other)


def shares_domain(address: str, applicant: str) -> bool:
    """Another mailbox on the applicant's own domain, unless that is a public mail domain."""
    (_local, domain), (_mine, own) = _parts(address), _parts(applicant)
    return (bool(domain) and domain == own and domain not in PUBLIC_MAIL_DOMAINS
            and not same_mailbox(address, applicant))
