from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime

import pytest
from hypothesis import settings as hypothesis_settings

from workgroups.core import clock

# Playwright's sync API runs an event loop in the test thread; the ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DEMO_NOW = datetime(2024, 10, 1, 9, 0, tzinfo=clock.LONDON)

# Mutation testing (scripts/mutation.py) runs a module's tests once per mutant and compares the
# verdicts: the same examples every time, nothing replayed from an earlier run, no timing.
hypothesis_settings.register_profile("mutation", derandomize=True, database=None, deadline=None)


@pytest.fixture
def pinned_clock(settings) -> Iterator[datetime]:
    """Pin the domain clock to the demo moment, 1 October 2024 09:00 London time.

    Through pytest-django's ``settings`` fixture, so a test that moves the clock on with
    ``settings`` too is undone in one place, in the right order: two separate overrides undone
    out of order left the clock pinned for every later test."""
    settings.WORKGROUPS_PINNED_NOW = DEMO_NOW
    yield DEMO_NOW


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (the email tasks) as the test goes, as production would."""
    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)
    return run


@pytest.fixture
def migrate_to():
    """Move the test database to some migrations (for testing a migration on rows) and hand back
    the historical models there; afterwards, pass or fail, it goes back to the latest ones so the
    next test meets the schema it expects. Needs ``django_db(transaction=True)``."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        executor.loader.build_graph()
        return executor.loader.project_state(list(executor.loader.applied_migrations)).apps

    yield migrate
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
