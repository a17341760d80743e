"""The origin rule: what a hub types as its website, made the exact ``scheme://host[:port]``
a browser compares in CSP ``frame-ancestors`` and ``postMessage`` — or refused, saying why."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from workgroups.hubs.models import EmbedOrigin
from workgroups.hubs.origins import OriginError, parse_origin

# DNS's limits, on the ASCII form: a label of 63 characters, a name of 253 (without its final dot).
LABEL_63 = "a" * 63
HOST_253 = ".".join(["a" * 63] * 3 + ["b" * 61])
HOST_254 = ".".join(["a" * 63] * 3 + ["b" * 62])

ACCEPTED = [
    # (typed, normal form)
    ("https://www.example.org", "https://www.example.org"),
    ("https://www.example.org/", "https://www.example.org"),
    ("www.example.org", "https://www.example.org"),
    ("  https://www.example.org  ", "https://www.example.org"),
    ("HTTPS://WWW.Example.ORG", "https://www.example.org"),
    ("https://example.org.", "https://example.org"),
    ("https://www.example.org:443", "https://www.example.org"),
    ("https://www.example.org:8443", "https://www.example.org:8443"),
    ("https://bücher.example", "https://xn--bcher-kva.example"),
    ("https://xn--bcher-kva.example", "https://xn--bcher-kva.example"),
    # Browsers' IDNA (UTS 46, non-transitional): ß and ς are letters of their own, not ss and σ.
    ("https://straße.de", "https://xn--strae-oqa.de"),
    ("https://STRASSE.de", "https://strasse.de"),
    ("https://ς.example", "https://xn--3xa.example"),
    ("https://σ.example", "https://xn--4xa.example"),
    # A joiner is kept only where its script needs it (Devanagari virama + ZWJ/ZWNJ).
    ("https://\u0915\u094d\u200d\u0937.example", "https://xn--11b2ezcw70k.example"),
    ("https://\u0915\u094d\u200c\u0937.example", "https://xn--11b2ezcs70k.example"),
    ("https://192.0.2.1", "https://192.0.2.1"),
    ("https://[2001:db8:0:0::1]", "https://[2001:db8::1]"),
    # Plain http only on the machine itself, for a site being built locally.
    ("http://localhost:8000", "http://localhost:8000"),
    ("http://127.0.0.1:8123", "http://127.0.0.1:8123"),
    ("http://127.0.0.1:80", "http://127.0.0.1"),
    ("http://[::1]:8000", "http://[::1]:8000"),
    # DNS's limits, exactly reached
    (f"https://{LABEL_63}.example", f"https://{LABEL_63}.example"),
    (f"https://{HOST_253}", f"https://{HOST_253}"),
    (f"https://{HOST_253}.", f"https://{HOST_253}"),                 # the final dot is not counted
    # Browsers map full-width letters to their ASCII ones (UTS 46 mapping).
    ("https://\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.org", "https://example.org"),
]

REFUSED = [
    # (typed, what the person is told)
    ("", "Enter your website's address"),
    ("   ", "Enter your website's address"),
    ("https://" + "a" * 300 + ".org", "300 characters or fewer"),
    ("ftp://example.org", "must start with https://"),
    ("http://www.example.org", "must start with https://"),
    ("https://user:secret@example.org", "without a user name or password"),
    ("https://@example.org", "without a user name or password"),
    ("https://www.example.org/maths-hub/", "without a page"),
    ("https://www.example.org?from=hub", "without a page"),
    ("https://www.example.org#catalogue", "without a page"),
    ("https://www.example.org?", "without a page"),
    ("https://example.org:99999", "followed by the site's name"),
    ("https://example.org:0", "followed by the site's name"),
    ("https://example.org:port", "followed by the site's name"),
    ("javascript:alert(1)", "followed by the site's name"),
    ("https://", "followed by the site's name"),
    ("https://-bad.example", "not a website's name"),
    ("https://exa mple.org", "not a website's name"),
    ("https://ex_ample.org", "not a website's name"),
    ("https://example..org", "not a website's name"),
    ("https://[v1.example]", "not a website's name"),
    ("https://[fe80::1%25eth0]", "not a website's name"),
    ("https://[::ffff:192.0.2.1]", "not a website's name"),
    ("https://1.2.3", "not a website's name"),  # a browser reads it as the address 1.2.0.3
    ("https://example.0x1", "not a website's name"),
    ("https://org", "full name"),
    ("https://a\u200db.example", "not a website's name"),  # a joiner where no script needs one
    ("https://a\u200cb.example", "not a website's name"),
    # 300 characters typed, far longer in ASCII: refused, not a database error.
    ("https://" + ".".join(["日本語本"] * 58) + ".jp", "too long"),
    ("https://" + "日本" * 30 + ".example", "too long"),  # one label over 63 in ASCII
    # DNS's limits, just over
    (f"https://{LABEL_63}a.example", "too long"),                     # a label of 64
    (f"https://{HOST_254}", "too long"),                               # a name of 254
    ("https://www.example.org#", "without a page"),                    # an empty fragment
]

# Each reason the rule gives, in full, as the person reads it on the form.
SAYS_IN_FULL = [
    ("", "Enter your website's address, like https://www.example.org"),
    ("https://" + "a" * 300 + ".org", "The address must be 300 characters or fewer"),
    ("https://example.org:99999", "Enter the address as https:// followed by the site's name"),
    ("ftp://example.org", "The address must start with https://"),
    ("https://user:secret@example.org", "Enter the address without a user name or password"),
    ("https://www.example.org/maths-hub/",
     "Enter only the site's address, without a page: like https://www.example.org"),
    ("https://example.org:0", "Enter the address as https:// followed by the site's name"),
    ("http://www.example.org", "The address must start with https://"),
    ("https://", "Enter the address as https:// followed by the site's name"),  # no name
    ("https://[v1.example]", "That is not a website's name"),           # brackets, not IPv6
    ("https://[::ffff:192.0.2.1]", "That is not a website's name"),     # written unlike browsers
    ("https://" + "日本" * 30 + ".example", "The website's name is too long"),
    ("https://ex_ample.org", "That is not a website's name"),           # not a name's character
    ("https://1.2.3", "That is not a website's name"),                  # read as an address
    ("https://org", "Enter the site's full name, like www.example.org"),
]


@pytest.mark.parametrize(("typed", "origin"), ACCEPTED)
def test_an_address_is_made_the_form_browsers_compare(typed, origin):
    assert parse_origin(typed) == origin
    assert parse_origin(origin) == origin


@pytest.mark.parametrize(("typed", "says"), REFUSED)
def test_what_is_not_a_website_s_origin_is_refused_saying_why(typed, says):
    with pytest.raises(OriginError, match=re.escape(says)):
        parse_origin(typed)


@pytest.mark.parametrize(("typed", "says"), SAYS_IN_FULL)
def test_each_reason_is_said_in_full(typed, says):
    with pytest.raises(OriginError) as refused:
        parse_origin(typed)
    assert str(refused.value) == says


ORIGIN_SHAPE = re.compile(r"^(https?)://[a-z0-9.\-\[\]:]+$")
URLISH = st.text(alphabet=st.sampled_from(list("htps:/[]@.%#?-_0123456789abcxnüß ")),
                 max_size=40)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=60), URLISH, st.builds("https://{}".format, URLISH)))
@example("https://[::1]:65535")
@example("http://[fe80::1%eth0]")
@example("https://\u00df.example")
def test_any_text_is_an_origin_that_parses_to_itself_or_refused(text):
    try:
        origin = parse_origin(text)
    except OriginError:
        return
    assert ORIGIN_SHAPE.match(origin), origin
    assert parse_origin(origin) == origin


def test_the_longest_origin_fits_its_column():
    # A name idna accepts is at most 253 characters in its ASCII form: with a scheme and the
    # largest port the origin still fits hubs.EmbedOrigin.origin (parse_origin relies on it).
    longest = parse_origin(f"https://{HOST_253}:65535")
    assert len(longest) == len("https://") + 253 + len(":65535")
    column = EmbedOrigin._meta.get_field("origin").max_length
    assert column is not None and len(longest) <= column
