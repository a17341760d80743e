"""The framework's ceiling for benchmarks/throughput.py: Django with one view rendering a template
of 15 items, no database, no middleware. Served by the same gunicorn configuration as the
product, so the ratio between the two is what the product costs above Django itself."""

SECRET_KEY = "bare-benchmark-only-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "benchmarks.bare.urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict[str, dict[str, str]] = {}
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [__import__("pathlib").Path(__file__).resolve().parent / "templates"],
}]
USE_TZ = True
