"""What a gazette app declares about itself, and the readers of those declarations.

Each app of the portal subclasses `GazetteAppConfig` in its `apps.py` and says there which
fixtures it loads and when, what it offers to search, which printed documents it reads, which
attachments it shows as a page of its own, what runs after its fixtures are loaded, and which
clerk groups keep its data. `documents`, `search`, `load_gazette` and the clerks' permissions
read these declarations, so adding an app needs no edit outside it and
`settings.INSTALLED_APPS`.

Callables are declared as dotted paths and imported when first used, so an AppConfig imports
nothing of its own app at class-definition time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.apps import AppConfig, apps
from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class ClerkGroup:
    """A clerk group: its name, the app whose data it keeps, and which models (None: all).

    The app's other models are offered to the group for viewing only.
    """

    key: str
    name: str
    app_label: str
    models: frozenset[str] | None = None
    excluded_models: frozenset[str] = frozenset()
    extra_apps: tuple[str, ...] = ()  # further apps whose listed models the group keeps


@dataclass(frozen=True)
class AttachmentPage:
    """An attachment of a printed document that an app shows as structured data of its own."""

    doc_number: str  # 文号 as printed
    anchor: str  # the attachment's anchor, e.g. "附件1"
    url_name: str  # the app's page, reversed when the link is made
    note: str = ""  # said under the attachment's printed text
    # Shown on the document's page in place of the printed table: the app's template,
    # given `rows`, the result of the callable `rows` names (the printed table stays below).
    template: str = ""
    rows: str = ""


class GazetteAppConfig(AppConfig):
    """An app of the portal with its declared contributions (see the module docstring)."""

    default_auto_field = "django.db.models.BigAutoField"

    # Fixtures: `fixtures/<label>/*.json`, loaded after every app with a smaller order
    # (apps whose records others point at come first).
    fixture_order: int = 100
    fixture_dir: Path | None = None
    # Run after load_gazette loaded at least one file of this app.
    after_load: str = ""
    # Run after load_gazette loaded any file at all, after every other hook.
    after_any_load: str = ""
    # A callable returning the app's `search.registry.SearchSource`s.
    search_sources: str = ""
    # A callable returning the app's `documents.extractors.Extractor`s: the printed documents
    # it implements, by kind and title.
    extractors: str = ""
    attachment_pages: tuple[AttachmentPage, ...] = ()
    clerk_groups: tuple[ClerkGroup, ...] = ()
    # Model names of the rule sets a calculator or public page reads: no clerk deletes them.
    protected_models: frozenset[str] = frozenset()

    def fixture_folder(self) -> Path:
        if self.fixture_dir is not None:
            return Path(self.fixture_dir)
        return Path(settings.BASE_DIR) / "fixtures" / self.label


def gazette_apps() -> list[GazetteAppConfig]:
    """The installed gazette apps, in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if isinstance(config, GazetteAppConfig)]


def by_fixture_order() -> list[GazetteAppConfig]:
    """The installed gazette apps in the order their fixtures load."""
    configs = gazette_apps()
    return sorted(configs, key=lambda config: (config.fixture_order, configs.index(config)))


def attachment_pages() -> dict[tuple[str, str], AttachmentPage]:
    """The attachments an installed app shows as data of its own, by (文号, anchor)."""
    return {
        (page.doc_number, page.anchor): page
        for config in gazette_apps()
        for page in config.attachment_pages
    }


def declared(path: str) -> Callable | None:
    """The callable a declaration names, or None when the app declares none."""
    return import_string(path) if path else None
