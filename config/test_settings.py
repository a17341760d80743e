"""Settings for the test suite: the real settings module with fast, side-effect-free services."""

import os

os.environ.setdefault(
    "DJANGO_SECRET_KEY", "test-suite-only-k7Qz2xWm9pLr4vTn8sYb3dFh6jGc1aEu5oIw0hY7tR2"
)
os.environ.setdefault("WORKGROUPS_STATICFILES_STORAGE",
                      "django.contrib.staticfiles.storage.StaticFilesStorage")
os.environ.setdefault("WORKGROUPS_CLOCK", "")

from config.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Tests run with DEBUG off, where production redirects to HTTPS: the test client and the live
# server speak plain HTTP.
SECURE_SSL_REDIRECT = False
# allauth's rate limits count in the process-wide cache; tests sign in far more often than people.
ACCOUNT_RATE_LIMITS = False
# SQLite tests use a file, not memory: threads in the concurrency tests then each get their own
# connection and queue for the write lock (IMMEDIATE transactions) as the real service does;
# an in-memory database shared between threads fails with table locks instead.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}  # noqa: F405
else:
    # The test database is thrown away: a commit need not wait for its WAL to reach the disk
    # (the browser and concurrency tests commit, and flush every table after each test).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (  # noqa: F405
        "-c synchronous_commit=off")
