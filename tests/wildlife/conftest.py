"""Helpers for the wildlife tests: the loaded plan and registry data made through services."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission, User

from documents.models import District
from wildlife import services
from wildlife.models import CompensationPlan, ScopeCategory, Species

VERIFIED = dt.date(2020, 7, 20)


@pytest.fixture
def plan(db) -> CompensationPlan:
    return CompensationPlan.objects.select_related("document").get(
        document__doc_number="威政办字〔2020〕50号"
    )


@pytest.fixture
def species(plan) -> dict[str, Species]:
    return {s.name: s for s in plan.species.all()}


@pytest.fixture
def districts(db) -> dict[str, District]:
    return {d.name: d for d in District.objects.all()}


@pytest.fixture
def scopes(plan) -> dict[int, ScopeCategory]:
    return {s.number: s for s in plan.scopes.all()}


@pytest.fixture
def make_entity(districts, scopes):
    def make(name="甲养殖场", district="环翠区", scope=1, **kwargs):
        return services.entity_create(
            district=districts[district],
            name=name,
            scope=scopes[scope] if scope else None,
            **kwargs,
        )

    return make


@pytest.fixture
def register(species):
    def make(entity, name, quantity, *, juvenile=False, verified_on=VERIFIED, **kwargs):
        return services.registration_create(
            entity=entity,
            species=species[name],
            quantity=quantity,
            is_juvenile=juvenile,
            verified_on=verified_on,
            **kwargs,
        )

    return make


@pytest.fixture
def staff_user(db):
    user = User.objects.create_user("clerk", password="pw-for-tests-only", is_staff=True)
    codenames = [
        "view_stockregistration",
        "add_stockregistration",
        "change_stockregistration",
        "import_stockregistration",
        "export_stockregistration",
        "view_disposal",
        "add_disposal",
    ]
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="wildlife", codename__in=codenames)
    )
    return user
