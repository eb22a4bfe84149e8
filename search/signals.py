"""Keep the index in step with the data: any save or delete of a model a source reads.

Changes are collected per source and applied once, after the transaction commits
(an import of a thousand rows re-indexes once; a rolled-back change re-indexes
nothing). Fixture loading (raw saves) is skipped: load_gazette rebuilds the index.

A small change (up to SYNC_SCOPES documents) is re-indexed at once, so the next page
finds it. A big one (renaming an organisation that issued thousands of documents) is
handed to a background thread, one job at a time, so the save answers without waiting;
the index catches up seconds later. If the process stops first, the index misses that
change until the next edit of those documents or `rebuild_search_index`.
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import OperationalError, connection, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from search import registry, services

_WHOLE = None  # pending value meaning "the whole source"
SYNC_SCOPES = 50  # parts of a source re-indexed before the response; more go to the background
BACKGROUND_SLICE = 50  # parts re-indexed per transaction in the background
LOCKED_ATTEMPTS = 5  # tries of a slice that SQLite refuses as locked
_state = threading.local()
_background_lock = threading.Lock()
_background: list[threading.Thread] = []
logger = logging.getLogger(__name__)


class _Pending(dict):
    """The sources (and scopes) one transaction changed: source name → scopes or _WHOLE."""

    done = False  # flushed: later changes need a new batch and callback

    def flush(self) -> None:
        self.done = True
        while self:
            name, scopes = self.popitem()
            if scopes is not _WHOLE and len(scopes) > SYNC_SCOPES:
                _apply_in_background(name, set(scopes))
            else:
                _apply(name, scopes)


def _pending() -> _Pending:
    """The changes of the current transaction.

    One per transaction, flushed by its own on_commit callback: when a transaction rolls
    back, Django drops the callback and its changes are forgotten with it (kept, they
    would be applied with the next transaction's, by then from another state).
    """
    pending = getattr(_state, "pending", None)
    live = (
        pending is not None
        and not pending.done
        and any(entry[1] == pending.flush for entry in connection.run_on_commit)
    )
    if not live:
        pending = _state.pending = _Pending()
        if connection.in_atomic_block:
            transaction.on_commit(pending.flush, robust=True)
    return pending


def mark_changed(model, instance) -> None:
    """Note that `instance` changed and re-index what depends on it after commit."""
    touched = registry.source_for_model(model)
    if not touched:
        return
    pending = _pending()
    for source in touched:
        scopes = None
        if source.scopes_for is not None and source.records_in is not None:
            scopes = source.scopes_for(instance)
        if scopes is None or pending.get(source.name, set()) is _WHOLE:
            pending[source.name] = _WHOLE
        else:
            pending.setdefault(source.name, set()).update(scopes)
    if not connection.in_atomic_block:
        pending.flush()  # autocommit: the change is committed already


def _apply(name: str, scopes) -> None:
    try:
        registry.get(name)
    except KeyError:
        return
    if scopes is _WHOLE:
        services.index_refresh_source(name=name)
    elif scopes:
        services.index_refresh_scopes(name=name, scopes=scopes)


def _apply_retrying(name: str, scopes: set[str]) -> None:
    """Apply one slice, again from a fresh snapshot when SQLite refuses it as locked.

    In SQLite's write-ahead log a transaction that read before another connection committed
    cannot start writing: it fails at once with "database is locked", whatever the busy
    timeout. The request that started this job commits its history and data version just
    then, so the slice is tried again, in a new transaction, a few times.
    """
    for attempt in range(1, LOCKED_ATTEMPTS + 1):
        try:
            _apply(name, scopes)
            return
        except OperationalError as error:
            if "locked" not in str(error) or attempt == LOCKED_ATTEMPTS:
                raise
            time.sleep(0.1 * attempt)


def _apply_in_background(name: str, scopes: set[str]) -> None:
    def run() -> None:
        try:
            with _background_lock:  # one job at a time: two could write the same rows
                # In slices of BACKGROUND_SLICE, each its own transaction: on SQLite a writer locks
                # the whole database, and one transaction over thousands of documents would
                # keep every other save (the one that started this job too) waiting minutes.
                ordered = sorted(scopes)
                for start in range(0, len(ordered), BACKGROUND_SLICE):
                    _apply_retrying(name, set(ordered[start : start + BACKGROUND_SLICE]))
        except Exception:
            logger.exception("后台更新搜索索引失败：%s（%d 个文件）", name, len(scopes))
        finally:
            connection.close()

    thread = threading.Thread(target=run, name=f"search-index-{name}", daemon=True)
    _background.append(thread)
    thread.start()


def wait_for_background(timeout: float | None = None) -> None:
    """Wait until the background re-indexing started so far has finished."""
    while _background:
        _background.pop(0).join(timeout)


def flush() -> None:
    """Apply the re-indexing pending in this thread now."""
    pending = getattr(_state, "pending", None)
    if pending:
        pending.flush()


def _on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        mark_changed(sender, instance)


def _on_delete(sender, instance, **kwargs):
    mark_changed(sender, instance)


def _on_m2m(sender, instance, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        mark_changed(sender, instance)
        mark_changed(type(instance), instance)


def _listen_to(source) -> None:
    # Connected per model, not to every model: a sender-less delete receiver would
    # turn off Django's fast deletes for the whole site.
    for model in source.models:
        label = model._meta.label_lower
        post_save.connect(_on_save, sender=model, dispatch_uid=f"search.save.{label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"search.delete.{label}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _on_m2m, sender=through, dispatch_uid=f"search.m2m.{through._meta.label_lower}"
            )


def connect() -> None:
    """Listen to the models of every source, those registered now and later."""
    registry.on_register(_listen_to)
