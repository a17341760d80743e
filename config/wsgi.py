"""WSGI entry point for gunicorn: ``gunicorn config.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# Load the URLs (the views, the API and its schemas) and the public pages' templates now: gunicorn
# preloads this module in its master (config/gunicorn.conf.py), so every worker it forks starts
# with them loaded instead of spending its first request on them.
from workgroups.core.warm import warm  # noqa: E402

warm()

# The cached public pages' key holds a digest of the code (a release never serves what an older
# one cached): worked out here, once, rather than on a worker's first request.
from workgroups.catalogue.cache import code_fingerprint  # noqa: E402

code_fingerprint()
