"""Keep the index in step with the data: any save or delete of a model a source reads.

Changes are collected per source and applied once, after the transaction commits
(an import of a thousand rows re-indexes once; a rolled-back change re-indexes
nothing). Fixture loading (raw saves) is skipped: load_gazette rebuilds the index.
"""

from __future__ import annotations

import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from search import registry, services

_WHOLE = None  # pending value meaning "the whole source"
_state = threading.local()


def _pending() -> dict[str, set[str] | None]:
    if not hasattr(_state, "pending"):
        _state.pending = {}
    return _state.pending


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
    transaction.on_commit(flush, robust=True)


def flush() -> None:
    """Apply the pending re-indexing (runs after commit)."""
    pending = _pending()
    while pending:
        name, scopes = pending.popitem()
        try:
            registry.get(name)
        except KeyError:
            continue
        if scopes is _WHOLE:
            services.index_refresh_source(name=name)
        elif scopes:
            services.index_refresh_scopes(name=name, scopes=scopes)


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
