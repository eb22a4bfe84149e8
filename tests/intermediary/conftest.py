"""Helpers for the intermediary tests: the committed fixture, read independently of the app."""

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings

FIXTURE_DIR = Path(settings.BASE_DIR) / "fixtures" / "intermediary"


@dataclass(frozen=True)
class FixtureData:
    """The catalogue as the fixture files hold it: what every count is checked against."""

    departments: dict[int, str]  # order → name
    items: dict[int, dict]  # no → fields
    matters: dict[str, dict]  # name → fields
    links: list[dict]  # fields, in file order

    def links_of(self, no: int) -> list[dict]:
        return [link for link in self.links if link["service"] == no]

    def types_of(self, no: int) -> set[str]:
        return {self.matters[link["matter"]]["matter_type"] for link in self.links_of(no)}

    def fees_of(self, no: int) -> set[str]:
        return {link["fee_basis"] for link in self.links_of(no)}

    def per_department(self) -> Counter:
        return Counter(self.departments[item["department"]] for item in self.items.values())

    def per_type(self) -> Counter:
        return Counter(t for no in self.items for t in self.types_of(no))

    def per_fee(self) -> Counter:
        return Counter(f for no in self.items for f in self.fees_of(no))


def _load(name: str) -> list[dict]:
    return json.loads((FIXTURE_DIR / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def fixture_data() -> FixtureData:
    # Rows point at each other by natural key ([order], [no], [name]); unwrap them.
    departments = {o["fields"]["order"]: o["fields"]["name"] for o in _load("01_departments.json")}
    matters = {o["fields"]["name"]: o["fields"] for o in _load("02_matters.json")}
    services = _load("03_services.json")
    items = {
        o["fields"]["no"]: {**o["fields"], "department": o["fields"]["department"][0]}
        for o in services
        if o["model"] == "intermediary.intermediaryservice"
    }
    links = [
        {**o["fields"], "service": o["fields"]["service"][0], "matter": o["fields"]["matter"][0]}
        for o in services
        if o["model"] == "intermediary.servicelink"
    ]
    return FixtureData(departments=departments, items=items, matters=matters, links=links)
