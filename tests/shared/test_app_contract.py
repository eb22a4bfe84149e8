"""The portal learns what an app contributes from its AppConfig, and `documents` knows no app."""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import override_settings

from documents import extractors
from documents.clerks import clerk_groups
from documents.services import clerk_group_names, clerk_groups_sync
from gazette_site.contract import attachment_pages, by_fixture_order, gazette_apps
from gazette_site.management.commands.load_gazette import _after_load_hooks, fixture_files
from search import registry, signals
from tests.shared.dummy_app import contributions

DOCUMENTS = Path(settings.BASE_DIR) / "documents"
DOCUMENT_TEMPLATES = Path(settings.BASE_DIR) / "templates" / "documents"


@pytest.fixture
def dummy_app(monkeypatch):
    """Install the dummy app as settings.INSTALLED_APPS would; forget its registrations after."""
    monkeypatch.setattr(registry, "_sources", dict(registry._sources))
    monkeypatch.setattr(registry, "_listeners", list(registry._listeners))
    monkeypatch.setattr(extractors, "_REGISTRY", dict(extractors._REGISTRY))
    with override_settings(INSTALLED_APPS=[*settings.INSTALLED_APPS, "tests.shared.dummy_app"]):
        yield


def _domain_labels() -> set[str]:
    """The apps that implement printed documents (they declare extractors)."""
    return {config.label for config in gazette_apps() if config.extractors}


def test_the_domain_apps_are_found_from_their_declarations():
    assert _domain_labels() == {"rewards", "blood_donation", "intermediary", "wildlife", "pricing"}


def test_the_loader_loads_documents_first_and_rebuilds_search_last():
    order = [config.label for config in by_fixture_order()]
    assert order[0] == "documents"
    folders = [path.parent.name for path in fixture_files()]
    assert folders[0] == "documents"
    assert folders.index("rewards") < folders.index("intermediary") < folders.index("pricing")
    hooks = _after_load_hooks([])
    assert [hook.__module__ for hook in hooks][-1] == "search.services"


def test_a_new_app_is_picked_up_by_the_loader(dummy_app):
    assert [path.name for path in fixture_files(["dummy"])] == ["01_dummy.json"]
    assert fixture_files()[-1].name == "01_dummy.json"  # its order puts it after pricing
    hooks = _after_load_hooks(["dummy"])
    assert hooks[0] is contributions.after_load
    assert hooks[-1].__module__ == "search.services"  # the index is still rebuilt last


def test_a_new_app_is_picked_up_by_search_and_the_ingest(dummy_app):
    assert registry.get("dummy").label == "示例数据"
    assert [e.label for e in extractors.registered() if e.app == "dummy"] == ["示例办法"]
    assert ("威政字〔2020〕99号", "附件1") in attachment_pages()
    assert signals.registry is registry


@pytest.mark.django_db
def test_a_new_app_gets_its_clerk_group(dummy_app):
    assert "示例数据维护员" in {group.name for group in clerk_groups()}
    counts = clerk_groups_sync()
    assert "示例数据维护员" in counts
    assert Group.objects.filter(name="示例数据维护员").exists()
    assert clerk_group_names(["dummy"]) == ["示例数据维护员"]


def test_the_dummy_app_is_gone_afterwards():
    assert "dummy" not in {config.label for config in gazette_apps()}
    assert "dummy" not in {source.name for source in registry.sources()}
    with pytest.raises(ValueError):
        clerk_group_names(["dummy"])


def _python_files() -> list[Path]:
    return [path for path in DOCUMENTS.rglob("*.py") if "migrations" not in path.parts]


def test_documents_imports_no_domain_app():
    domain = _domain_labels()
    offending = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules = [node.module or ""]
            else:
                continue
            offending += [f"{path.name}: {m}" for m in modules if m.split(".")[0] in domain]
    assert offending == []


def test_documents_names_no_domain_app():
    pattern = re.compile(r"\b(" + "|".join(sorted(_domain_labels())) + r")\b")
    files = [*_python_files(), *DOCUMENT_TEMPLATES.rglob("*.html")]
    named = [
        f"{path.name}: {match.group(0)}"
        for path in files
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert named == []
