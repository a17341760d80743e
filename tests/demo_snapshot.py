"""The demo, loaded once per test run and put back from memory for each browser test after that.

Every browser test starts from the demo, and a browser test is transactional: the database is
emptied after it. Loading the demo through its services takes seconds (each row is validated,
audited and emailed about), which came to minutes of every CI run. So the first load is real
(``demo_load``), the rows it added are kept in memory, and later tests insert those same rows
again in one transaction, with the same ids.

What the emptying does not reset is remapped: content types (and permissions) are made again
after each flush under new ids, so a row pointing at one (an audit event) is given the current
id of the same model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, models, transaction

# Rows Django makes again itself after each flush (post_migrate): never copied, only remapped.
REMADE = (ContentType, Permission)


@dataclass(frozen=True)
class Snapshot:
    rows: list[tuple[type[models.Model], list[dict[str, Any]]]]
    content_types: dict[int, tuple[str, str]]  # captured id → (app label, model)
    permissions: dict[int, tuple[str, str, str]]  # captured id → (app label, model, codename)


def _tables() -> list[type[models.Model]]:
    return [model for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy and not issubclass(model, REMADE)]


def _keys() -> dict[type[models.Model], set[Any]]:
    return {model: set(model._base_manager.values_list("pk", flat=True)) for model in _tables()}


def capture(load: Callable[[], object]) -> Snapshot:
    """Run ``load`` and keep every row it added (by primary key, per table)."""
    before = _keys()
    load()
    rows = []
    for model in _tables():
        columns = [field.attname for field in model._meta.concrete_fields]
        added = [row for row in model._base_manager.values(*columns).order_by("pk")
                 if row[model._meta.pk.attname] not in before[model]]
        if added:
            rows.append((model, added))
    return Snapshot(
        rows=rows,
        content_types={ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()},
        permissions={p.pk: (p.content_type.app_label, p.content_type.model, p.codename)
                     for p in Permission.objects.select_related("content_type")})


def _remapper(snapshot: Snapshot) -> dict[type[models.Model], Callable[[Any], Any]]:
    ContentType.objects.clear_cache()
    content_type_now = {(ct.app_label, ct.model): ct.pk for ct in ContentType.objects.all()}
    permission_now = {(p.content_type.app_label, p.content_type.model, p.codename): p.pk
                      for p in Permission.objects.select_related("content_type")}
    return {
        ContentType: lambda old: content_type_now[snapshot.content_types[old]],
        Permission: lambda old: permission_now[snapshot.permissions[old]],
    }


def restore(snapshot: Snapshot) -> None:
    """Insert the captured rows again, in one transaction (foreign keys are checked at commit,
    so the order of the tables does not matter), and move each id sequence past them."""
    remap = _remapper(snapshot)
    with transaction.atomic():
        for model, rows in snapshot.rows:
            remapped_fields = [(field.attname, remap[field.related_model])
                               for field in model._meta.concrete_fields
                               if field.is_relation and field.related_model in remap]
            objects = []
            for row in rows:
                values = dict(row)
                for attname, new_id in remapped_fields:
                    if values[attname] is not None:
                        values[attname] = new_id(values[attname])
                objects.append(model(**values))
            model._base_manager.bulk_create(objects, batch_size=500)
        # bulk_create stamps auto_now fields afresh; the demo's own load did the same (its
        # timestamps are the real time, not the pinned clock), so nothing a page shows moves.
        statements = connection.ops.sequence_reset_sql(
            no_style(), [model for model, _ in snapshot.rows])
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
