"""Backup and restore of the whole portal database: data, history, users and groups.

A backup is Django's own serialisation (``dumpdata``) with every row's primary key kept, so
history rows still point at their records and users after a restore. The search index is
left out and rebuilt after a restore (it is derived data, and SQLite keeps it outside the
ORM). Sessions are left out: a restore logs everyone out.
"""

from __future__ import annotations

import io
from pathlib import Path

from django.core.management import call_command
from django.db import connection, transaction

# Derived or short-lived data, rebuilt or recreated rather than restored.
EXCLUDED = ["sessions", "search"]
SUFFIXES = (".json", ".json.gz", ".json.bz2", ".json.xz")


class BackupError(ValueError):
    """A backup file that cannot be written or read; the message is Chinese."""


def check_name(path: Path) -> Path:
    """Refuse a file name whose format loaddata could not tell."""
    if not path.name.endswith(SUFFIXES):
        raise BackupError(
            f"备份文件名须以 {' / '.join(SUFFIXES)} 结尾（如 gazette-2026-11-30.json.gz）。"
        )
    return path


def backup_write(*, path: Path) -> int:
    """Write every table but the excluded ones to ``path``; return the file's size in bytes."""
    path = check_name(Path(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    call_command(
        "dumpdata",
        exclude=EXCLUDED,
        output=str(path),
        verbosity=0,
    )
    return path.stat().st_size


@transaction.atomic
def database_empty() -> None:
    """Empty every table, leaving content types, permissions and groups out too.

    A restore brings them back with their own primary keys, which the rest of the backup
    refers to, so nothing may re-create them first (no post_migrate).
    """
    if connection.vendor == "postgresql":
        # TRUNCATE refuses while this transaction has deferred foreign-key checks pending.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    if connection.vendor == "postgresql":
        # Back to Django's default, so the backup may load rows in any order.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@transaction.atomic
def backup_restore(*, path: Path) -> str:
    """Replace the whole database's data by the backup's, all or nothing; return a summary.

    The database must be migrated to the same schema as the one backed up.
    """
    path = check_name(Path(path))
    if not path.is_file():
        raise BackupError(f"找不到备份文件 {path}。")
    database_empty()
    out = io.StringIO()
    call_command("loaddata", str(path), verbosity=1, stdout=out)
    from search.services import index_rebuild

    index_rebuild()
    if connection.vendor == "sqlite":
        # The restored rows must satisfy every foreign key, as they did when backed up.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA foreign_key_check")
            broken = cursor.fetchall()
        if broken:
            raise BackupError(f"备份中有 {len(broken)} 行引用了不存在的记录，已放弃恢复。")
    return out.getvalue().strip()
