"""The data version: bumped on every save and delete, read once per public request.

Every model's post_save, post_delete and m2m_changed bump it inside the writer's transaction,
so readers see the new data and the new version together. Writes that send no signals
(bulk_create, QuerySet.update, raw SQL in the search index) call `bump()` themselves.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
from contextlib import contextmanager

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.dateparse import parse_datetime

# Rows of these apps never show on a public page; sessions and the admin log change on every
# staff request, and bumping for them would empty the cache for nothing.
IGNORED_APPS = {"admin", "auth", "contenttypes", "sessions", "gazette_site"}
# Written with raw SQL by the search services, which bump once per refresh.
IGNORED_MODELS = {"search.searchentry"}

ROW_ID = 1

# Depth of one_bump() blocks in this thread: inside one, saves and deletes do not bump.
_batch = threading.local()


def _model():
    return apps.get_model("gazette_site", "DataVersion")


def bump(*, using: str | None = None) -> None:
    """Start a new data version (in the caller's transaction, if any)."""
    model = _model()
    using = using or router.db_for_write(model) or DEFAULT_DB_ALIAS
    now = timezone.now()
    token = secrets.token_hex(8)
    updated = (
        model.objects.using(using)
        .filter(pk=ROW_ID)
        .update(token=token, counter=F("counter") + 1, changed_at=now)
    )
    if not updated:
        model.objects.using(using).update_or_create(
            pk=ROW_ID, defaults={"token": token, "counter": 1, "changed_at": now}
        )


def current(*, using: str | None = None) -> tuple[str, dt.datetime]:
    """Return (token, changed_at) of the current data version.

    Plain SQL: this runs on every public request, cached ones included, where building an ORM
    query would cost more than the query itself.
    """
    model = _model()
    using = using or router.db_for_read(model) or DEFAULT_DB_ALIAS
    row = _read(using, model._meta.db_table)
    if row is None:
        # A database just created or flushed: start a version so that keys are stable.
        bump(using=router.db_for_write(model) or DEFAULT_DB_ALIAS)
        row = _read(using, model._meta.db_table)
    token, changed_at = row
    if isinstance(changed_at, str):
        changed_at = parse_datetime(changed_at)
    if timezone.is_naive(changed_at):  # SQLite stores UTC without an offset
        changed_at = changed_at.replace(tzinfo=dt.UTC)
    return token, changed_at


def _read(using: str, table: str):
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT token, changed_at FROM {table} WHERE id = %s", [ROW_ID])
        return cursor.fetchone()


def watched(model) -> bool:
    """Whether changes to `model` change what public pages show."""
    meta = model._meta
    return meta.app_label not in IGNORED_APPS and meta.label_lower not in IGNORED_MODELS


@contextmanager
def one_bump(*, using: str | None = None):
    """Bump the version once at the end of the block instead of once per saved row.

    For a bulk write of many rows (a 20,000-row import sent one UPDATE of the version row per
    row). Use inside the writer's transaction: the single bump commits or rolls back with the
    rows. If the block raises, no bump is made (the transaction is rolling back anyway).
    """
    depth = getattr(_batch, "depth", 0)
    _batch.depth = depth + 1
    try:
        yield
    finally:
        _batch.depth = depth
    bump(using=using)


def _on_change(sender, using=None, **kwargs):
    if getattr(_batch, "depth", 0):
        return
    if kwargs.get("action", "post_").startswith("post_"):
        bump(using=using)


def connect() -> None:
    """Listen to every model that public pages read, history models and m2m tables included.

    Connected per model: a receiver without a sender would turn off Django's fast deletes
    for every model, the search index's included.
    """
    for model in apps.get_models(include_auto_created=True):
        if not watched(model):
            continue
        label = model._meta.label_lower
        post_save.connect(_on_change, sender=model, dispatch_uid=f"dataversion.save.{label}")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"dataversion.delete.{label}")
        m2m_changed.connect(_on_change, sender=model, dispatch_uid=f"dataversion.m2m.{label}")
