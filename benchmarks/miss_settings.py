"""The product's production settings with a cache that keeps nothing: every request to a public
page renders its main content from the database, as on a cache miss (benchmarks/throughput.py).
A real miss also writes the fragment to the shared cache; this leaves that write out."""

from config.settings import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
