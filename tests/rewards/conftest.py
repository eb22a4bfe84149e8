"""The rewards data as loaded from the committed fixture, and helpers the tests share."""

import csv
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from rewards import services
from rewards.models import AwardPrize, AwardScheme, Institution, Sector


@pytest.fixture
def scheme_2020(db) -> AwardScheme:
    scheme = AwardScheme.objects.filter(year=2020).first()
    assert scheme is not None, "fixtures/rewards 未载入（TEST_FIXTURE_APPS 须包含 rewards）"
    return scheme


@pytest.fixture
def prize(scheme_2020):
    """Find a 2020 prize by sector and name."""

    def find(sector: str, name: str) -> AwardPrize:
        return AwardPrize.objects.get(scheme=scheme_2020, sector=sector, name=name)

    return find


@pytest.fixture
def institution(db):
    """Make an institution of a sector."""

    def make(name: str, sector: str = Sector.BANK) -> Institution:
        return Institution.objects.create(name=name, sector=sector)

    return make


@pytest.fixture
def clerk(db):
    return get_user_model().objects.create_superuser("rw-clerk", "clerk@example.com", "x")


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


def wan(amount: int | str) -> Decimal:
    """万元 → yuan, as stored."""
    return Decimal(amount) * 10000


def csv_upload(rows: list[list], name: str = "roster.csv") -> SimpleUploadedFile:
    out = io.StringIO(newline="")
    csv.writer(out).writerows(rows)
    return SimpleUploadedFile(name, out.getvalue().encode("utf-8"))


def scheme_specs(scheme: AwardScheme, changes: dict | None = None) -> list[services.PrizeSpec]:
    """A scheme's prizes as the service takes them; changes maps (sector, name) → (count, amount)."""
    changes = changes or {}
    specs = []
    for p in scheme.prizes.order_by("sector", "position"):
        count, amount = changes.get((p.sector, p.name), (p.count, p.amount))
        specs.append(
            services.PrizeSpec(
                sector=p.sector,
                name=p.name,
                count=count,
                amount=amount,
                position=p.position,
                is_additional=p.is_additional,
                recipient=p.recipient,
                requirements=p.requirements,
                growth_indicator=p.growth_indicator,
                min_growth_pct=p.min_growth_pct,
            )
        )
    return specs


def revise_scheme(scheme: AwardScheme, changes: dict, *, year: int | None = None, **caps):
    """Save a scheme through the service with some prizes (and optionally caps) changed."""
    return services.award_scheme_save(
        measure=scheme.measure,
        year=year or scheme.year,
        total_cap=caps.get("total_cap", scheme.total_cap),
        institution_cap=caps.get("institution_cap", scheme.institution_cap),
        regulator_cap=caps.get("regulator_cap", scheme.regulator_cap),
        min_operating_years=scheme.min_operating_years,
        budgets=caps.get("budgets", {s.sector: s.budget for s in scheme.sectors.all()}),
        prizes=scheme_specs(scheme, changes),
    )
