"""Who may change what: one clerk group per app, one for publishing, and the protected rule sets.

A clerk belongs to the groups of the apps they keep current and gets nothing else. Records that
a calculator or a public page depends on (rule sets) are never deleted by a clerk: a change of
rules is a new version with its own document and dates, and the old version stays.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ClerkGroup:
    """A group: its name, the app whose data it keeps, and which models (None: all).

    The app's other models are offered to the group for viewing only.
    """

    key: str
    name: str
    app_label: str
    models: frozenset[str] | None = None
    excluded_models: frozenset[str] = frozenset()


# Publishing an issue: the issue, its sections and documents with their text.
PUBLISHING_MODELS = frozenset(
    {"issue", "section", "document", "documentissuer", "provision", "attachment"}
)

CLERK_GROUPS: tuple[ClerkGroup, ...] = (
    ClerkGroup("publishing", "公报发布员", "documents", models=PUBLISHING_MODELS),
    ClerkGroup(
        "documents",
        "公报文件数据维护员",
        "documents",
        excluded_models=PUBLISHING_MODELS | {"loadedfixture"},
    ),
    ClerkGroup("rewards", "金融奖励与知识产权补偿数据维护员", "rewards"),
    ClerkGroup("blood_donation", "无偿献血数据维护员", "blood_donation"),
    ClerkGroup("intermediary", "中介服务数据维护员", "intermediary"),
    ClerkGroup("wildlife", "野生动物数据维护员", "wildlife"),
    ClerkGroup("pricing", "差别化价格数据维护员", "pricing"),
)
GROUPS_BY_KEY = {group.key: group for group in CLERK_GROUPS}

# "app_label.model_name" of every rule set a calculator or public page reads; their rows too.
PROTECTED_MODELS = frozenset(
    {
        "documents.issue",
        "documents.section",
        "documents.document",
        "documents.provision",
        "documents.attachment",
        "blood_donation.measure",
        "blood_donation.donationoption",
        "blood_donation.relative",
        "blood_donation.honourlevel",
        "blood_donation.benefit",
        "blood_donation.fine",
        "pricing.policy",
        "pricing.surcharge",
        "pricing.policyrule",
        "rewards.measure",
        "rewards.awardscheme",
        "rewards.sectorbudget",
        "rewards.awardprize",
        "rewards.condition",
        "rewards.ipcompensationparameters",
        "wildlife.compensationplan",
        "wildlife.scopecategory",
        "wildlife.disposalmethod",
        "wildlife.species",
        "intermediary.department",
        "intermediary.servicematter",
        "intermediary.intermediaryservice",
        "intermediary.noticerule",
    }
)


def is_protected(label_lower: str) -> bool:
    """Tell whether a model ("app_label.model_name") is a protected rule set."""
    return label_lower in PROTECTED_MODELS


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
