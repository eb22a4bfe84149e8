"""Who may change what: the clerk groups and protected rule sets the apps declare.

A clerk belongs to the groups of the apps they keep current and gets nothing else. Records that
a calculator or a public page depends on (rule sets) are never deleted by a clerk: a change of
rules is a new version with its own document and dates, and the old version stays.
"""

from __future__ import annotations

from gazette_site.contract import ClerkGroup, gazette_apps

# Publishing an issue: the issue, its sections and documents with their text.
PUBLISHING_MODELS = frozenset(
    {"issue", "section", "document", "documentissuer", "provision", "attachment"}
)

# Draft issues (导入新一期公报), publishing them included (publish_draftissue): the
# publishing group only.
DRAFT_MODELS = frozenset({"draftissue", "draftdocument", "draftreading"})


def clerk_groups() -> tuple[ClerkGroup, ...]:
    """Every clerk group the installed apps declare, in INSTALLED_APPS order."""
    return tuple(group for config in gazette_apps() for group in config.clerk_groups)


def groups_by_key() -> dict[str, ClerkGroup]:
    return {group.key: group for group in clerk_groups()}


def protected_models() -> frozenset[str]:
    """ "app_label.model_name" of every rule set a calculator or public page reads."""
    return frozenset(
        f"{config.label}.{name}" for config in gazette_apps() for name in config.protected_models
    )


def is_protected(label_lower: str) -> bool:
    """Tell whether a model ("app_label.model_name") is a protected rule set."""
    return label_lower in protected_models()


def group_codenames(group: ClerkGroup, codenames_by_model: dict[str, list[str]]) -> set[str]:
    """Pick a group's permission codenames from {model_name: [codename, …]} of its app.

    History is view-only (nothing a clerk does may erase it), as are the app's models the
    group does not keep; no delete permission is given on a protected model.
    """
    chosen: set[str] = set()
    for model_name, codenames in codenames_by_model.items():
        base = model_name.removeprefix("historical")
        kept = (group.models is None or base in group.models) and base not in group.excluded_models
        view_only = not kept or model_name != base
        for codename in codenames:
            if view_only and not codename.startswith("view_"):
                continue
            if codename.startswith("delete_") and is_protected(f"{group.app_label}.{base}"):
                continue
            chosen.add(codename)
    return chosen
